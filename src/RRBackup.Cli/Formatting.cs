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
        ChangeKind.Moved => $"moved    {change.FromPath} -> {change.Path}",
        ChangeKind.Added => $"added    {change.Path}",
        ChangeKind.Changed => $"changed  {change.Path}",
        ChangeKind.Deleted => $"deleted  {change.Path}",
        ChangeKind.Touched => $"touched  {change.Path}",
        _ => $"{change.Kind}  {change.Path}",
    };
}
