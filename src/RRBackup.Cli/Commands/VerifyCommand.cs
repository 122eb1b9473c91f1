using RRBackup.Engine;

namespace RRBackup.Cli.Commands;

/// <summary>`rrbackup verify [VERSION|--all] [--read-data]`: check that a version's objects exist and, with --read-data, decode correctly.</summary>
public static class VerifyCommand
{
    public static async Task<int> RunAsync(BackupEngine engine, ParsedArguments args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args.Positional.Count > 1 || (args.All && args.Positional.Count == 1))
        {
            throw ArgumentParser.Usage("'verify' takes one VERSION or --all: usage: rrbackup verify [VERSION | --all] [--read-data]");
        }

        var result = await engine.VerifyAsync(args.Positional.FirstOrDefault(), args.All, args.ReadData, cancellationToken);
        foreach (var skipped in result.SkippedVersions)
        {
            output.WriteLine($"note: version {skipped.VersionId} lost a race (its parent {skipped.ParentVersionId ?? "none"} was not the head); it is not part of the history");
        }

        foreach (var problem in result.Problems)
        {
            error.WriteLine($"problem: {problem.Path ?? "-"}: object '{problem.Key}' version '{problem.VersionId ?? "-"}': {problem.Problem}");
        }

        var what = result.DataRead ? "read, decoded and hashed" : "found in the store";
        output.WriteLine(result.IsHealthy
            ? $"OK: {result.VersionsChecked} version(s), {result.ObjectsChecked} object(s) {what}."
            : $"{result.Problems.Count} problem(s) in {result.VersionsChecked} version(s) and {result.ObjectsChecked} object(s).");
        return result.IsHealthy ? ExitCodes.Ok : ExitCodes.Data;
    }
}
