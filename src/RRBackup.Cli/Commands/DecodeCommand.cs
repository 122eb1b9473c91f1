using RRBackup.Engine;

namespace RRBackup.Cli.Commands;

/// <summary>`rrbackup decode OBJECT_FILE OUTPUT_FILE`: decode one object copied by hand out of the store.</summary>
public static class DecodeCommand
{
    public static async Task<int> RunAsync(BackupEngine engine, ParsedArguments args, TextWriter output, CancellationToken cancellationToken)
    {
        CommitCommand.RequireArguments(args, 2, "rrbackup decode OBJECT_FILE OUTPUT_FILE");
        var decoded = await engine.DecodeAsync(Path.GetFullPath(args.Positional[0]), Path.GetFullPath(args.Positional[1]), cancellationToken);
        var what = decoded.Path is null ? $"a {decoded.Header.Kind} object" : $"'{decoded.Path}'";
        output.WriteLine($"Decoded {what}: {decoded.Size} bytes (sha256 {decoded.Sha256}) written to {Path.GetFullPath(args.Positional[1])}");
        return ExitCodes.Ok;
    }
}
