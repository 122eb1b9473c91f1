using System.Globalization;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace RRBackup.MSBuild;

/// <summary>Builds output items whose item spec and metadata keep any text literally (';', '%', '*', '$', ... included).</summary>
internal static class TaskItems
{
    private const string Special = "%*?@$();'";

    public static ITaskItem Create(string itemSpec) => new TaskItem(Escape(itemSpec));

    public static ITaskItem With(this ITaskItem item, string name, string? value)
    {
        item.SetMetadata(name, Escape(value ?? ""));
        return item;
    }

    public static ITaskItem With(this ITaskItem item, string name, long value) =>
        item.With(name, value.ToString(CultureInfo.InvariantCulture));

    public static ITaskItem With(this ITaskItem item, string name, DateTimeOffset value) =>
        item.With(name, Time(value));

    /// <summary>A time as MSBuild users compare and parse it: ISO 8601 in UTC ("2025-01-31T12:00:00.0000000Z").</summary>
    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("o", CultureInfo.InvariantCulture);

    /// <summary>Labels in the MSBuild list idiom they were given in: "build=77;git=abc123", by key.</summary>
    public static string Labels(IReadOnlyDictionary<string, string> labels) =>
        string.Join(";", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));

    /// <summary>MSBuild's %XX escaping of its special characters.</summary>
    public static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny(Special) < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (Special.Contains(c, StringComparison.Ordinal))
            {
                escaped.Append('%').Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }
}
