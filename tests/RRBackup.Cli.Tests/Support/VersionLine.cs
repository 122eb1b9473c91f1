using System.Globalization;
using System.Text.RegularExpressions;

namespace RRBackup.Cli.Tests.Support;

/// <summary>One line of `rrbackup list_versions`: the version id is the last whitespace-separated field.</summary>
public sealed partial record VersionLine(string Line, string VersionId, int FileCount, long Bytes)
{
    public static VersionLine Parse(string line)
    {
        var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        Assert.That(fields, Is.Not.Empty, "an empty list_versions line");
        var files = FilesPattern().Match(line);
        var bytes = BytesPattern().Match(line);
        Assert.That(files.Success, Is.True, $"list_versions line '{line}' does not show '<N> files'");
        Assert.That(bytes.Success, Is.True, $"list_versions line '{line}' does not show '<N> bytes'");
        return new VersionLine(
            line,
            fields[^1],
            int.Parse(files.Groups[1].Value, CultureInfo.InvariantCulture),
            long.Parse(bytes.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"(?<!\S)(\d+) files(?!\S)")]
    private static partial Regex FilesPattern();

    [GeneratedRegex(@"(?<!\S)(\d+) bytes(?!\S)")]
    private static partial Regex BytesPattern();
}
