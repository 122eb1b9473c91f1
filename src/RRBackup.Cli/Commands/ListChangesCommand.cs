using RRBackup.Engine;

namespace RRBackup.Cli.Commands;

/// <summary>`rrbackup list_changes VERSION`: what was added, changed, deleted, moved or touched in a version.</summary>
public static class ListChangesCommand
{
    public static async Task<int> RunAsync(BackupEngine engine, ParsedArguments args, TextWriter output, CancellationToken cancellationToken)
    {
        CommitCommand.RequireArguments(args, 1, "rrbackup list_changes VERSION");
        var changes = await engine.ListChangesAsync(args.Positional[0], cancellationToken);
        if (changes.Changes.Count == 0)
        {
            output.WriteLine($"Version {changes.Version.VersionId} changed no files.");
        }

        foreach (var change in changes.Changes)
        {
            output.WriteLine(Formatting.ChangeLine(change));
        }

        return ExitCodes.Ok;
    }
}
