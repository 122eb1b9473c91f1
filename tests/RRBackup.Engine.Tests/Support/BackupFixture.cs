using RRBackup.Engine.Commit;
using RRBackup.Engine.Configuration;
using RRBackup.Engine.Storage;
using RRBackup.Engine.Storage.Decorators;
using RRBackup.Engine.Storage.Local;

namespace RRBackup.Engine.Tests;

/// <summary>A base folder, a local store and a configuration in a temporary folder, with helpers to change files and commit.</summary>
public sealed class BackupFixture : IDisposable
{
    private readonly TempFolder _folder = new();

    public BackupFixture(string extraMain = "", string extraSections = "")
    {
        Directory.CreateDirectory(BasePath);
        ConfigText = $"""
            [main]
            base_path: base
            local_manifest_file: cache/manifest.json
            {(extraMain.Contains("crypt_password", StringComparison.Ordinal) ? "" : "crypt_password:")}
            commit_locked: False
            {extraMain}

            [local]
            path: store

            {extraSections}
            """;
        File.WriteAllText(ConfigFile, ConfigText);
        Store = new CountingObjectStore(new LocalObjectStore(StorePath));
    }

    public string Root => _folder.Path;

    public string BasePath => _folder.Combine("base");

    public string StorePath => _folder.Combine("store");

    public string ConfigFile => _folder.Combine("configuration.ini");

    public string CacheFile => _folder.Combine("cache", "manifest.json");

    public string ConfigText { get; private set; }

    public CountingObjectStore Store { get; }

    public RecordingLog Log { get; } = new();

    public BackupConfiguration LoadConfiguration() => ConfigurationLoader.Load(ConfigFile);

    /// <summary>Changes the configuration as loaded, for settings the file does not offer (a small chunk size).</summary>
    public Func<BackupConfiguration, BackupConfiguration> Adjust { get; set; } = c => c;

    public BackupEngine Engine(IVersionedObjectStore? store = null) => new(Adjust(LoadConfiguration()), store ?? Store, Log);

    public Task<CommitResult> CommitAsync(CommitOptions? options = null, IVersionedObjectStore? store = null) =>
        Engine(store).CommitAsync(options ?? CommitOptions.Default);

    public string Write(string relative, string content, DateTime? modifiedUtc = null)
    {
        var path = Path.Combine(BasePath, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        if (modifiedUtc is { } time)
        {
            File.SetLastWriteTimeUtc(path, time);
        }

        return path;
    }

    public void Delete(string relative) => File.Delete(Path.Combine(BasePath, relative));

    public void Move(string from, string to)
    {
        var target = Path.Combine(BasePath, to);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(Path.Combine(BasePath, from), target);
    }

    public void RewriteConfig(string text)
    {
        ConfigText = text;
        File.WriteAllText(ConfigFile, text);
    }

    public string NewFolder(string name)
    {
        var path = _folder.Combine(name);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Every file under a folder as path → contents, paths '/'-rooted.</summary>
    public static Dictionary<string, string> ReadTree(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => "/" + Path.GetRelativePath(root, f), File.ReadAllText);

    public void Dispose() => _folder.Dispose();
}
