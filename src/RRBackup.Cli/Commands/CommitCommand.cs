using RRBackup.Engine;
using RRBackup.Engine.Commit;

namespace RRBackup.Cli.Commands;

/// <summary>`rrbackup` / `rrbackup commit`: commit base_path as a new version.</summary>
public static class CommitCommand
{
    public static async Task<int> RunAsync(BackupEngine engine, ParsedArguments args, TextWriter output, CancellationToken cancellationToken)
    {
        RequireArguments(args, 0);
        var result = await engine.CommitAsync(new CommitOptions { Message = args.Message, Labels = args.Labels }, cancellationToken);
        if (result.NoChange)
        {
            output.WriteLine($"No changes since the last version; no new version was made ({result.FileCount} files).");
            return ExitCodes.Ok;
        }

        output.WriteLine(
            $"Committed version {result.VersionId} (#{result.Sequence}): {result.Added} added, {result.Changed} changed, " +
            $"{result.Deleted} deleted, {result.Moved} moved, {result.Touched} touched; " +
            $"{result.ObjectsUploaded} objects ({Formatting.Bytes(result.BytesUploaded)}) uploaded; {result.FileCount} files in the version.");
        return ExitCodes.Ok;
    }

    internal static void RequireArguments(ParsedArguments args, int count, string usage = "rrbackup")
    {
        if (args.Positional.Count != count)
        {
            throw ArgumentParser.Usage($"'{args.Command}' takes {count} argument(s), got {args.Positional.Count}: usage: {usage}");
        }
    }
}
