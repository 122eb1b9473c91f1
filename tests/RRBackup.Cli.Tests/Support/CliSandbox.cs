using System.Text;

namespace RRBackup.Cli.Tests.Support;

/// <summary>
/// A temporary folder of its own for one test: the folder to back up (base), the local store, the
/// manifest cache and configuration.ini, with rrbackup run there as a separate process.
/// </summary>
public sealed class CliSandbox : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(false);

    public CliSandbox()
    {
        Root = Path.Combine(Path.GetTempPath(), "rrbackup-cli-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(BasePath);
    }

    /// <summary>The sandbox folder: the working directory of every run, and the folder of configuration.ini.</summary>
    public string Root { get; }

    public string BasePath => Path.Combine(Root, "base");

    public string StorePath => Path.Combine(Root, "store");

    public string CacheFile => Path.Combine(Root, "cache", "manifest.json");

    public string ConfigFile => Path.Combine(Root, "configuration.ini");

    /// <summary>Writes configuration.ini with relative paths (base, cache/manifest.json, store) and the given rules.</summary>
    public void WriteConfig(string? ignoreFiles = null, string? skipDelete = null, bool commitLocked = false)
    {
        var text = new StringBuilder()
            .AppendLine("[main]")
            .AppendLine("base_path:           base")
            .AppendLine("local_manifest_file: cache/manifest.json")
            .AppendLine("crypt_password:")
            .AppendLine($"commit_locked:       {(commitLocked ? "True" : "False")}");
        if (ignoreFiles is not null)
        {
            text.AppendLine($"ignore_files:        {ignoreFiles}");
        }

        if (skipDelete is not null)
        {
            text.AppendLine($"skip_delete:         {skipDelete}");
        }

        text.AppendLine().AppendLine("[local]").AppendLine("path: store");
        WriteConfigText(text.ToString());
    }

    public void WriteConfigText(string text) => File.WriteAllText(ConfigFile, text, Utf8);

    /// <summary>The absolute path of a backup path ('/a/b.txt') under base.</summary>
    public string SourcePath(string backupPath) => Under(BasePath, backupPath);

    /// <summary>The absolute path of a backup path ('/a/b.txt') under <paramref name="folder"/>.</summary>
    public static string Under(string folder, string backupPath) =>
        Path.Combine(folder, backupPath.TrimStart('/').Replace('/', Path.DirectorySeparatorChar));

    /// <summary>A path in the sandbox that does not exist yet.</summary>
    public string NewPath(string name)
    {
        var path = Path.Combine(Root, name);
        Assert.That(Path.Exists(path), Is.False, $"'{path}' already exists");
        return path;
    }

    public void WriteFile(string backupPath, string text, DateTime modifiedUtc) => WriteFile(backupPath, Utf8.GetBytes(text), modifiedUtc);

    public void WriteFile(string backupPath, byte[] content, DateTime modifiedUtc) => WriteFileUnder(BasePath, backupPath, content, modifiedUtc);

    public static void WriteFileUnder(string folder, string backupPath, byte[] content, DateTime modifiedUtc)
    {
        var path = Under(folder, backupPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        File.SetLastWriteTimeUtc(path, modifiedUtc);
    }

    public void DeleteFile(string backupPath) => File.Delete(SourcePath(backupPath));

    /// <summary>Renames a file under base (its modification time is kept).</summary>
    public void MoveFile(string fromPath, string toPath)
    {
        var destination = SourcePath(toPath);
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        File.Move(SourcePath(fromPath), destination);
    }

    /// <summary>Every file under base as it is now.</summary>
    public SortedDictionary<string, FileState> CaptureBase() => TreeSnapshot.Capture(BasePath);

    /// <summary>Runs rrbackup in the sandbox folder.</summary>
    public ProcessResult Run(params string[] arguments) => RrBackupProcess.Run(Root, arguments);

    /// <summary>Runs rrbackup in the sandbox folder and asserts that it exits with 0.</summary>
    public ProcessResult RunOk(params string[] arguments)
    {
        var result = Run(arguments);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        return result;
    }

    /// <summary>Runs rrbackup and asserts the exit code and that standard error holds every given fragment.</summary>
    public ProcessResult RunFailing(int exitCode, string[] arguments, params string[] errorFragments)
    {
        var result = Run(arguments);
        Assert.That(result.ExitCode, Is.EqualTo(exitCode), result.ToString());
        foreach (var fragment in errorFragments)
        {
            Assert.That(result.StandardError, Does.Contain(fragment), result.ToString());
        }

        return result;
    }

    /// <summary>Commits and asserts that a version was made.</summary>
    public ProcessResult Commit(params string[] arguments)
    {
        var result = RunOk(arguments);
        Assert.That(result.StandardOutput, Does.Not.Contain("No changes"), result.ToString());
        return result;
    }

    /// <summary>Runs list_versions and parses every line.</summary>
    public List<VersionLine> ListVersions()
    {
        var result = RunOk("list_versions");
        return [.. result.OutputLines.Select(VersionLine.Parse)];
    }

    /// <summary>Runs list_files VERSION and parses every line.</summary>
    public List<FileLine> ListFiles(string version)
    {
        var result = RunOk("list_files", version);
        return [.. result.OutputLines.Select(FileLine.Parse)];
    }

    /// <summary>Runs list_changes VERSION and returns the normalised change lines.</summary>
    public List<string> ListChanges(string version) => ChangeLines.Parse(RunOk("list_changes", version));

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
