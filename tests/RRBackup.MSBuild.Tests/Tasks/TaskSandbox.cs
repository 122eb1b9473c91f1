using RRBackup.MSBuild.Tests.Support;

namespace RRBackup.MSBuild.Tests.Tasks;

/// <summary>A temporary folder with data/, a local store and configuration.ini, for running tasks in the test process.</summary>
public sealed class TaskSandbox : IDisposable
{
    public TaskSandbox()
    {
        Root = Path.Combine(Path.GetTempPath(), "rrbackup-msbuild-task-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Data);
        WriteConfig("");
    }

    public string Root { get; }

    public string Data => Path.Combine(Root, "data");

    public string ConfigFile => Path.Combine(Root, "configuration.ini");

    public RecordingBuildEngine Engine { get; } = new();

    public void WriteConfig(string mainExtra) => File.WriteAllText(ConfigFile, $"""
        [main]
        base_path:           data
        local_manifest_file: cache/manifest.json
        {mainExtra}

        [local]
        path: store

        """);

    public void WriteFile(string relativePath, string contents) => TestData.WriteFile(Data, relativePath, contents);

    public T Task<T>(T task)
        where T : RRBackupTask
    {
        task.BuildEngine = Engine;
        task.ConfigFile = ConfigFile;
        return task;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temporary folder.
        }
    }
}
