using RRBackup.Cli.Json;

namespace RRBackup.Cli.Commands;

/// <summary>`rrbackup recover TARGET`: rebuild files from their objects alone when the manifest is lost.</summary>
public static class RecoverCommand
{
    public static async Task<int> RunAsync(CommandContext context)
    {
        context.RequireArguments(1);
        var result = await context.Engine.RecoverAsync(Path.GetFullPath(context.Args.Positional[0]), context.CancellationToken);
        var output = context.Output;
        if (output.Json)
        {
            output.WriteJson(new RecoverDocument(result.Target, result.Files.Count, result.Failures.Count, result.Failures), CliJson.Context.RecoverDocument);
        }
        else
        {
            output.Result($"Recovered {result.Files.Count} files into {result.Target} from their newest objects " +
                "(deleted files come back, modification times are not kept, and duplicates stored as references are not recovered).");
        }

        if (result.Failures.Count == 0)
        {
            return ExitCodes.Ok;
        }

        output.Error($"{result.Failures.Count} objects could not be recovered");
        return ExitCodes.Data;
    }
}
