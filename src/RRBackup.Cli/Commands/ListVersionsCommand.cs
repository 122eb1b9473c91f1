using System.Globalization;
using RRBackup.Engine;

namespace RRBackup.Cli.Commands;

/// <summary>`rrbackup list_versions`: one line per version, oldest first, the version id last.</summary>
public static class ListVersionsCommand
{
    public static async Task<int> RunAsync(BackupEngine engine, ParsedArguments args, TextWriter output, CancellationToken cancellationToken)
    {
        CommitCommand.RequireArguments(args, 0, "rrbackup list_versions");
        var versions = await engine.ListVersionsAsync(cancellationToken);
        if (versions.Count == 0)
        {
            output.WriteLine("No versions yet.");
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
        var widths = Enumerable.Range(0, 5).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            output.WriteLine(string.Join("  ",
                row[0], row[1].PadLeft(widths[1]), row[2].PadLeft(widths[2]), row[3].PadRight(widths[3]), row[4].PadRight(widths[4]), row[5]));
        }

        return ExitCodes.Ok;
    }
}
