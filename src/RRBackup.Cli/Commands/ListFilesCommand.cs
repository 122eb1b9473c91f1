using RRBackup.Cli.Json;

namespace RRBackup.Cli.Commands;

/// <summary>`rrbackup list_files VERSION`: size, modification time and path of every file, path last.</summary>
public static class ListFilesCommand
{
    public static async Task<int> RunAsync(CommandContext context)
    {
        context.RequireArguments(1);
        var files = await context.Engine.ListFilesAsync(context.Args.Positional[0], context.CancellationToken);
        var output = context.Output;
        if (output.Json)
        {
            output.WriteJson(new FileListDocument(VersionDocument.From(files.Version), [.. files.Files.Select(FileDocument.From)]), CliJson.Context.FileListDocument);
            return ExitCodes.Ok;
        }

        var colour = output.Out;
        foreach (var file in files.Files)
        {
            var link = file.LinkTarget is null ? "" : $" -> {colour.Cyan(Formatting.Path(file.LinkTarget))}";
            output.Result($"{file.Size,12}  {colour.Dim(Formatting.Time(file.ModifiedUtc))}  {Formatting.Path(file.Path)}{link}");
        }

        return ExitCodes.Ok;
    }
}
