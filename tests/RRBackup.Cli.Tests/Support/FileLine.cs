using System.Globalization;

namespace RRBackup.Cli.Tests.Support;

/// <summary>One line of `rrbackup list_files`: the size first and the path (which starts with '/') last.</summary>
public sealed record FileLine(string Line, long Size, string Path)
{
    public static FileLine Parse(string line)
    {
        var slash = line.IndexOf(" /", StringComparison.Ordinal);
        Assert.That(slash, Is.GreaterThanOrEqualTo(0), $"list_files line '{line}' has no path starting with '/'");
        var size = line.Trim().Split(' ')[0];
        Assert.That(long.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes), Is.True,
            $"list_files line '{line}' does not start with the size");
        return new FileLine(line, bytes, line[(slash + 1)..]);
    }
}
