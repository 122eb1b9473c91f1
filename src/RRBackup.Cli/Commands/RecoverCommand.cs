using RRBackup.Engine;

namespace RRBackup.Cli.Commands;

/// <summary>`rrbackup recover TARGET`: rebuild files from their objects alone when the manifest is lost.</summary>
public static class RecoverCommand
{
    public static async Task<int> RunAsync(BackupEngine engine, ParsedArguments args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        CommitCommand.RequireArguments(args, 1, "rrbackup recover TARGET");
        var result = await engine.RecoverAsync(Path.GetFullPath(args.Positional[0]), cancellationToken);
        output.WriteLine($"Recovered {result.Files.Count} files into {result.Target} from their newest objects " +
            "(deleted files come back, modification times are not kept, and duplicates stored as references are not recovered).");
        if (result.Failures.Count == 0)
        {
            return ExitCodes.Ok;
        }

        error.WriteLine($"error: {result.Failures.Count} objects could not be recovered");
        return ExitCodes.Data;
    }
}
