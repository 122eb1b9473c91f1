using RRBackup.Cli.Json;

namespace RRBackup.Cli.Commands;

/// <summary>`rrbackup verify [VERSION|--all] [--read-data]`: check that a version's objects exist and, with --read-data, decode correctly.</summary>
public static class VerifyCommand
{
    public static async Task<int> RunAsync(CommandContext context)
    {
        var args = context.Args;
        if (args.Positional.Count > 1 || (args.All && args.Positional.Count == 1))
        {
            throw ArgumentParser.Usage($"'verify' takes one VERSION or --all: usage: {Help.HelpText.UsageOf("verify")}", args);
        }

        var result = await context.Output.Progress.RunAsync(args.ReadData ? "Reading every object" : "Checking the objects",
            () => context.Engine.VerifyAsync(args.Positional.FirstOrDefault(), args.All, args.ReadData, context.CancellationToken));
        var output = context.Output;
        foreach (var problem in result.Problems)
        {
            output.Problem($"problem: {problem.Path ?? "-"}: object '{problem.Key}' version '{problem.VersionId ?? "-"}': {problem.Problem}");
        }

        if (output.Json)
        {
            output.WriteJson(
                new VerifyDocument(result.IsHealthy, result.VersionsChecked, result.ObjectsChecked, result.DataRead,
                    [.. result.Problems.Select(p => new VerifyProblemDocument(p.Path, p.Key, p.VersionId, p.Problem))],
                    [.. result.SkippedVersions.Select(s => new SkippedVersionDocument(s.VersionId, s.ParentVersionId, s.HeadVersionId))]),
                CliJson.Context.VerifyDocument);
            return result.IsHealthy ? ExitCodes.Ok : ExitCodes.Data;
        }

        foreach (var skipped in result.SkippedVersions)
        {
            output.Result($"note: version {skipped.VersionId} lost a race (its parent {skipped.ParentVersionId ?? "none"} was not the head); it is not part of the history");
        }

        var what = result.DataRead ? "read, decoded and hashed" : "found in the store";
        var colour = output.Out;
        output.Result(result.IsHealthy
            ? $"{colour.Green("OK")}: {result.VersionsChecked} version(s), {result.ObjectsChecked} object(s) {what}."
            : colour.Red($"{result.Problems.Count} problem(s) in {result.VersionsChecked} version(s) and {result.ObjectsChecked} object(s)."));
        if (!result.IsHealthy && output.Quiet)
        {
            output.Error($"{result.Problems.Count} problem(s) in {result.VersionsChecked} version(s) and {result.ObjectsChecked} object(s)");
        }

        return result.IsHealthy ? ExitCodes.Ok : ExitCodes.Data;
    }
}
