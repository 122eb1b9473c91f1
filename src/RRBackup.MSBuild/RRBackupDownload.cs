using Microsoft.Build.Framework;
using RRBackup.Engine;
using RRBackup.Engine.Configuration;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Patterns;
using RRBackup.Engine.Restore;

namespace RRBackup.MSBuild;

/// <summary>Restores a version, or part of it, into a folder: what `rrbackup download VERSION TARGET [FILTER_FILE] [--include P] [--exclude P]` does.</summary>
/// <example>
/// <code><![CDATA[
/// <RRBackupDownload ConfigFile="configuration.ini" Version="label:build=77" Target="$(IntermediateOutputPath)restored" Include="/bin/**">
///   <Output TaskParameter="DownloadedFiles" ItemName="RestoredFile" />
/// </RRBackupDownload>
/// ]]></code>
/// </example>
public sealed class RRBackupDownload : RRBackupTask
{
    /// <summary>The version: 'latest', a version id, a unique prefix of one, or 'label:KEY=VALUE'.</summary>
    [Required]
    public string Version { get; set; } = "";

    /// <summary>The folder to restore into (created if missing); relative to the project folder.</summary>
    [Required]
    public string Target { get; set; } = "";

    /// <summary>When given, only files matching one of these patterns are downloaded.</summary>
    public string[] Include { get; set; } = [];

    /// <summary>Files matching any of these patterns are not downloaded.</summary>
    public string[] Exclude { get; set; } = [];

    /// <summary>A file of patterns of files not to download, one per line, '#' starting a comment line (the CLI's FILTER_FILE); relative to the project folder.</summary>
    public string? FilterFile { get; set; }

    /// <summary>
    /// What happens to what is already in <see cref="Target"/>: <c>Merge</c> (the default) writes the version's files
    /// over it and leaves other files alone; <c>Mirror</c> makes the folder exactly the version (the command's
    /// --mirror); <c>Atomic</c> builds the version beside it and swaps it in at once (--atomic).
    /// </summary>
    public string? Mode { get; set; }

    /// <summary>The files written, as absolute paths in path order, with metadata BackupPath (the path in the backup) and VersionId.</summary>
    [Output]
    public ITaskItem[] DownloadedFiles { get; private set; } = [];

    /// <summary>The id of the version downloaded.</summary>
    [Output]
    public string VersionId { get; private set; } = "";

    /// <summary>How many bytes were written.</summary>
    [Output]
    public long Bytes { get; private set; }

    protected override string CancelledOutcome => "files already written stay in the target folder; no file is left half-written";

    protected override async Task ExecuteAsync(BackupEngine engine, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Target))
        {
            throw Usage("Target is empty; give the folder to restore into");
        }

        var exclude = new List<string>(Exclude);
        if (!string.IsNullOrWhiteSpace(FilterFile))
        {
            exclude.AddRange(ReadFilterFile(ResolvePath(FilterFile)));
        }

        var options = new DownloadOptions
        {
            Include = ParsePatterns(Include, "Include"),
            Exclude = ParsePatterns(exclude, "Exclude or FilterFile"),
            Mode = ParseMode(Mode),
        };
        var target = ResolvePath(Target);
        var result = await engine.DownloadAsync(Version, target, options, cancellationToken).ConfigureAwait(false);
        VersionId = result.VersionId;
        Bytes = result.Bytes;
        DownloadedFiles = [.. result.Files.Select(file => TaskItems.Create(file)
            .With("BackupPath", "/" + Path.GetRelativePath(result.Target, file).Replace(Path.DirectorySeparatorChar, '/'))
            .With("VersionId", result.VersionId))];
        Log.LogMessage(MessageImportance.High,
            $"RRBackupDownload: downloaded {result.Files.Count} files ({result.Bytes} bytes) of version {result.VersionId} into {result.Target}");
    }

    private static DownloadMode ParseMode(string? mode)
    {
        if (string.IsNullOrWhiteSpace(mode))
        {
            return DownloadMode.Merge;
        }

        var name = Enum.GetNames<DownloadMode>().FirstOrDefault(n => string.Equals(n, mode.Trim(), StringComparison.OrdinalIgnoreCase));
        return name is not null
            ? Enum.Parse<DownloadMode>(name)
            : throw Usage($"Mode: '{mode}' is not one of: {string.Join(", ", Enum.GetNames<DownloadMode>())}");
    }

    private static List<string> ReadFilterFile(string path)
    {
        try
        {
            return [.. File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RRBackupException(ErrorCodes.InvalidArguments, ErrorKind.Usage, $"filter file '{path}' cannot be read: {e.Message}", e);
        }
    }

    private static PathPatternList ParsePatterns(IEnumerable<string> texts, string source)
    {
        try
        {
            return PathPatternList.Parse(texts.Select(t => t.Trim()).Where(t => t.Length > 0));
        }
        catch (FormatException e)
        {
            throw Usage($"{source}: {e.Message}");
        }
    }
}
