using RRBackup.Cli.Json;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Patterns;
using RRBackup.Engine.Restore;

namespace RRBackup.Cli.Commands;

/// <summary>`rrbackup download VERSION TARGET [FILTER_FILE] [--mirror|--atomic]`: restore a version, or part of it.</summary>
public static class DownloadCommand
{
    public static async Task<int> RunAsync(CommandContext context)
    {
        var args = context.Args;
        if (args.Positional.Count is < 2 or > 3)
        {
            throw ArgumentParser.Usage($"'download' takes 2 or 3 arguments, got {args.Positional.Count}: usage: {Help.HelpText.UsageOf("download")}", args);
        }

        var exclude = new List<string>(args.Exclude);
        if (args.Positional.Count == 3)
        {
            exclude.AddRange(ReadFilterFile(args.Positional[2]));
        }

        var mode = args.Mirror ? DownloadMode.Mirror : args.Atomic ? DownloadMode.Atomic : DownloadMode.Merge;
        var options = new DownloadOptions
        {
            Include = ParsePatterns(args.Include, "--include"),
            Exclude = ParsePatterns(exclude, "--exclude or the filter file"),
            Mode = mode,
        };
        var result = await context.Output.Progress.RunAsync("Reading the version",
            () => context.Engine.DownloadAsync(args.Positional[0], Path.GetFullPath(args.Positional[1]), options, context.CancellationToken));

        var output = context.Output;
        var stamp = mode == DownloadMode.Merge ? null : Path.Join(result.Target, VersionStamp.FileName);
        if (output.Json)
        {
            output.WriteJson(
                new DownloadDocument(result.VersionId, result.Target, mode.ToString().ToLowerInvariant(), result.Files.Count, result.Bytes,
                    result.Transferred, result.Files.Count - result.Transferred, result.Removed, stamp),
                CliJson.Context.DownloadDocument);
            return ExitCodes.Ok;
        }

        var colour = output.Out;
        output.Result($"Downloaded {result.Files.Count} files ({Formatting.Bytes(result.Bytes)}) of version {colour.Yellow(result.VersionId)} into {result.Target}");
        if (mode != DownloadMode.Merge)
        {
            var how = mode == DownloadMode.Atomic ? "swapped in at once" : "updated in place";
            output.Result($"{mode}: {result.Transferred} files transferred, {result.Files.Count - result.Transferred} reused, " +
                          $"{result.Removed} not in the version removed; {how}, stamped in {VersionStamp.FileName}");
        }

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
