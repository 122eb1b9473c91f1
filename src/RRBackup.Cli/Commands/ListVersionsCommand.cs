using System.Globalization;
using RRBackup.Cli.Json;

namespace RRBackup.Cli.Commands;

/// <summary>`rrbackup list_versions`: an aligned table, one line per version, oldest first, the version id last.</summary>
public static class ListVersionsCommand
{
    private static readonly string[] Header = ["TIME", "FILES", "BYTES", "MESSAGE", "LABELS", "VERSION"];

    public static async Task<int> RunAsync(CommandContext context)
    {
        context.RequireArguments(0);
        var versions = await context.Engine.ListVersionsAsync(context.CancellationToken);
        var output = context.Output;
        if (output.Json)
        {
            output.WriteJson(new VersionListDocument([.. versions.Select(VersionDocument.From)]), CliJson.Context.VersionListDocument);
            return ExitCodes.Ok;
        }

        if (versions.Count == 0)
        {
            output.Result("No versions yet.");
            return ExitCodes.Ok;
        }

        var rows = versions.Select(v => new[]
        {
            Formatting.Time(v.Time),
            v.FileCount.ToString(CultureInfo.InvariantCulture) + " files",
            v.TotalBytes.ToString(CultureInfo.InvariantCulture) + " bytes",
            Formatting.Message(v.Message),
            Formatting.Labels(v.Labels),
            v.VersionId,
        }).ToList();

        // The header is for a person: a script reading a pipe gets the versions only.
        var header = output.OutputIsTerminal;
        var widths = Enumerable.Range(0, 5).Select(c => Math.Max(rows.Max(r => r[c].Length), header ? Header[c].Length : 0)).ToArray();
        var colour = output.Out;
        if (header)
        {
            output.Result(colour.Bold(Line(Header, widths)));
        }

        foreach (var row in rows)
        {
            output.Result(string.Join("  ",
                colour.Dim(row[0].PadRight(widths[0])), row[1].PadLeft(widths[1]), row[2].PadLeft(widths[2]), row[3].PadRight(widths[3]),
                colour.Cyan(row[4].PadRight(widths[4])), colour.Yellow(row[5])));
        }

        return ExitCodes.Ok;
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells[0].PadRight(widths[0]), cells[1].PadLeft(widths[1]), cells[2].PadLeft(widths[2]), cells[3].PadRight(widths[3]), cells[4].PadRight(widths[4]), cells[5]);
}
