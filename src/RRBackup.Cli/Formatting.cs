using System.Globalization;
using RRBackup.Engine.Manifest;

namespace RRBackup.Cli;

/// <summary>How values read on a terminal.</summary>
public static class Formatting
{
    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Labels(IReadOnlyDictionary<string, string> labels) =>
        labels.Count == 0 ? "-" : string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));

    public static string Message(string? message) =>
        string.IsNullOrEmpty(message) ? "-" : "\"" + message.Replace("\"", "\\\"", StringComparison.Ordinal).ReplaceLineEndings(" ") + "\"";

    public static string Bytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? $"{bytes} B" : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }

    public static string ChangeLine(ManifestChange change) => change.Kind switch
    {
        ChangeKind.Moved => $"moved    {Path(change.FromPath!)} -> {Path(change.Path)}",
        ChangeKind.Added => $"added    {Path(change.Path)}",
        ChangeKind.Changed => $"changed  {Path(change.Path)}",
        ChangeKind.Deleted => $"deleted  {Path(change.Path)}",
        ChangeKind.Touched => $"touched  {Path(change.Path)}",
        _ => $"{change.Kind}  {Path(change.Path)}",
    };

    /// <summary>A path with control characters escaped (\n, \t, \xNN), so one entry is always one line.</summary>
    public static string Path(string path)
    {
        if (!path.Any(char.IsControl))
        {
            return path;
        }

        var builder = new System.Text.StringBuilder(path.Length + 8);
        foreach (var c in path)
        {
            builder.Append(c switch
            {
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ when char.IsControl(c) => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }
}
