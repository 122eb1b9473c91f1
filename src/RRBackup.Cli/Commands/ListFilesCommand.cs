using RRBackup.Engine;

namespace RRBackup.Cli.Commands;

/// <summary>`rrbackup list_files VERSION`: size, modification time and path of every file, path last.</summary>
public static class ListFilesCommand
{
    public static async Task<int> RunAsync(BackupEngine engine, ParsedArguments args, TextWriter output, CancellationToken cancellationToken)
    {
        CommitCommand.RequireArguments(args, 1, "rrbackup list_files VERSION");
        var files = await engine.ListFilesAsync(args.Positional[0], cancellationToken);
        foreach (var file in files.Files)
        {
            var link = file.LinkTarget is null ? "" : $" -> {Formatting.Path(file.LinkTarget)}";
            output.WriteLine($"{file.Size,12}  {Formatting.Time(file.ModifiedUtc)}  {Formatting.Path(file.Path)}{link}");
        }

        return ExitCodes.Ok;
    }
}
