using RRBackup.Cli.Json;

namespace RRBackup.Cli.Commands;

/// <summary>`rrbackup garbage_collect [--dry-run]`: delete (or list) object versions that no version references.</summary>
public static class GarbageCollectCommand
{
    public static async Task<int> RunAsync(CommandContext context)
    {
        context.RequireArguments(0);
        var result = await context.Engine.GarbageCollectAsync(context.Args.DryRun, context.CancellationToken);
        var output = context.Output;
        if (output.Json)
        {
            output.WriteJson(
                new GarbageCollectDocument(result.DryRun, result.Unreferenced.Count, result.Bytes,
                    [.. result.Unreferenced.Select(u => new ObjectVersionDocument(u.Key, u.VersionId))]),
                CliJson.Context.GarbageCollectDocument);
            return ExitCodes.Ok;
        }

        foreach (var (key, versionId) in result.Unreferenced)
        {
            output.Result($"{(result.DryRun ? "would delete" : "deleted")}  {key}  {versionId}");
        }

        output.Result($"{(result.DryRun ? "Would delete" : "Deleted")} {result.Unreferenced.Count} unreferenced object version(s), {Formatting.Bytes(result.Bytes)}.");
        return ExitCodes.Ok;
    }
}
