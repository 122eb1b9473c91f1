using RRBackup.Engine;

namespace RRBackup.Cli.Commands;

/// <summary>`rrbackup garbage_collect [--dry-run]`: delete (or list) object versions that no version references.</summary>
public static class GarbageCollectCommand
{
    public static async Task<int> RunAsync(BackupEngine engine, ParsedArguments args, TextWriter output, CancellationToken cancellationToken)
    {
        CommitCommand.RequireArguments(args, 0, "rrbackup garbage_collect [--dry-run]");
        var result = await engine.GarbageCollectAsync(args.DryRun, cancellationToken);
        foreach (var (key, versionId) in result.Unreferenced)
        {
            output.WriteLine($"{(result.DryRun ? "would delete" : "deleted")}  {key}  {versionId}");
        }

        output.WriteLine($"{(result.DryRun ? "Would delete" : "Deleted")} {result.Unreferenced.Count} unreferenced object version(s), {Formatting.Bytes(result.Bytes)}.");
        return ExitCodes.Ok;
    }
}
