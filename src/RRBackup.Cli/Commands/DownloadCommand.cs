using RRBackup.Engine;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Patterns;
using RRBackup.Engine.Restore;

namespace RRBackup.Cli.Commands;

/// <summary>`rrbackup download VERSION TARGET [FILTER_FILE]`: restore a version, or part of it.</summary>
public static class DownloadCommand
{
    private const string Usage = "rrbackup download VERSION TARGET [FILTER_FILE] [--include PATTERN] [--exclude PATTERN]";

    public static async Task<int> RunAsync(BackupEngine engine, ParsedArguments args, TextWriter output, CancellationToken cancellationToken)
    {
        if (args.Positional.Count is < 2 or > 3)
        {
            throw ArgumentParser.Usage($"'download' takes 2 or 3 arguments, got {args.Positional.Count}: usage: {Usage}");
        }

        var exclude = new List<string>(args.Exclude);
        if (args.Positional.Count == 3)
        {
            exclude.AddRange(ReadFilterFile(args.Positional[2]));
        }

        var options = new DownloadOptions { Include = ParsePatterns(args.Include, "--include"), Exclude = ParsePatterns(exclude, "--exclude or the filter file") };
        var result = await engine.DownloadAsync(args.Positional[0], Path.GetFullPath(args.Positional[1]), options, cancellationToken);
        output.WriteLine($"Downloaded {result.Files.Count} files ({Formatting.Bytes(result.Bytes)}) of version {result.VersionId} into {result.Target}");
        return ExitCodes.Ok;
    }

    /// <summary>The filter file lists patterns of files not to download, one per line; '#' starts a comment line.</summary>
    private static IEnumerable<string> ReadFilterFile(string path)
    {
        try
        {
            return File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RRBackupException(ErrorCodes.InvalidArguments, ErrorKind.Usage, $"filter file '{Path.GetFullPath(path)}' cannot be read: {e.Message}", e);
        }
    }

    private static PathPatternList ParsePatterns(IEnumerable<string> texts, string source)
    {
        try
        {
            return PathPatternList.Parse(texts);
        }
        catch (FormatException e)
        {
            throw ArgumentParser.Usage($"{source}: {e.Message}");
        }
    }
}
