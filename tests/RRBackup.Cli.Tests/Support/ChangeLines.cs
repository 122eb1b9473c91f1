namespace RRBackup.Cli.Tests.Support;

/// <summary>Reads `rrbackup list_changes` output as normalised lines such as 'added /a' or 'moved /a -> /b'.</summary>
public static class ChangeLines
{
    public static readonly string[] Kinds = ["added", "changed", "deleted", "moved", "touched"];

    /// <summary>Every output line as 'KIND PATH', the padding after the kind collapsed; fails on a line that is not a change.</summary>
    public static List<string> Parse(ProcessResult result)
    {
        var lines = new List<string>();
        foreach (var line in result.OutputLines)
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var kind = space < 0 ? line : line[..space];
            Assert.That(Kinds, Does.Contain(kind), $"list_changes printed a line that is not a change: '{line}'{Environment.NewLine}{result}");
            lines.Add(kind + " " + line[(space + 1)..].TrimStart());
        }

        return lines;
    }
}
