using RRBackup.Cli.Json;

namespace RRBackup.Cli.Commands;

/// <summary>`rrbackup decode OBJECT_FILE OUTPUT_FILE`: decode one object copied by hand out of the store.</summary>
public static class DecodeCommand
{
    public static async Task<int> RunAsync(CommandContext context)
    {
        context.RequireArguments(2);
        var outputFile = Path.GetFullPath(context.Args.Positional[1]);
        var decoded = await context.Engine.DecodeAsync(Path.GetFullPath(context.Args.Positional[0]), outputFile, context.CancellationToken);
        var output = context.Output;
        if (output.Json)
        {
            output.WriteJson(new DecodeDocument(decoded.Header.Kind.ToString(), decoded.Path, decoded.Size, decoded.Sha256, outputFile), CliJson.Context.DecodeDocument);
            return ExitCodes.Ok;
        }

        var what = decoded.Path is null ? $"a {decoded.Header.Kind} object" : $"'{decoded.Path}'";
        output.Result($"Decoded {what}: {decoded.Size} bytes (sha256 {decoded.Sha256}) written to {outputFile}");
        return ExitCodes.Ok;
    }
}
