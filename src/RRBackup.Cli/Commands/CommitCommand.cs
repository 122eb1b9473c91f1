using RRBackup.Cli.Json;
using RRBackup.Engine.Commit;

namespace RRBackup.Cli.Commands;

/// <summary>`rrbackup` / `rrbackup commit`: commit base_path as a new version.</summary>
public static class CommitCommand
{
    public static async Task<int> RunAsync(CommandContext context)
    {
        context.RequireArguments(0);
        var options = new CommitOptions { Message = context.Args.Message, Labels = context.Args.Labels };
        var result = await context.Output.Progress.RunAsync("Looking for changes",
            () => context.Engine.CommitAsync(options, context.CancellationToken));
        var output = context.Output;
        if (output.Json)
        {
            output.WriteJson(
                new CommitDocument(!result.NoChange, result.VersionId, result.NoChange ? null : result.Sequence, result.Added, result.Changed, result.Deleted,
                    result.Moved, result.Touched, result.ObjectsUploaded, result.BytesUploaded, result.FileCount, result.Skipped),
                CliJson.Context.CommitDocument);
            return ExitCodes.Ok;
        }

        if (result.NoChange)
        {
            output.Result($"No changes since the last version; no new version was made ({result.FileCount} files).");
            return ExitCodes.Ok;
        }

        var colour = output.Out;
        output.Result(
            $"Committed version {colour.Yellow(result.VersionId!)} (#{result.Sequence}): {result.Added} added, {result.Changed} changed, " +
            $"{result.Deleted} deleted, {result.Moved} moved, {result.Touched} touched; " +
            $"{result.ObjectsUploaded} objects ({Formatting.Bytes(result.BytesUploaded)}) uploaded; {result.FileCount} files in the version.");
        return ExitCodes.Ok;
    }
}
