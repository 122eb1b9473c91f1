using RRBackup.Engine.Errors;

namespace RRBackup.Engine.Configuration;

/// <summary>
/// A first pass over the configuration text: the line of every key (the INI library keeps none) and
/// the text with '#' comment lines blanked, so that line numbers stay the same.
/// </summary>
internal sealed record IniLayout(string TextWithoutComments, IReadOnlyDictionary<string, int> KeyLines)
{
    public static IniLayout Scan(string text, string file)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var keyLines = new Dictionary<string, int>(StringComparer.Ordinal);
        string? section = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].Trim();
            if (trimmed.StartsWith('#'))
            {
                lines[i] = "";
                continue;
            }

            if (trimmed.Length == 0 || trimmed.StartsWith(';'))
            {
                continue;
            }

            if (trimmed.StartsWith('[') && trimmed.EndsWith(']'))
            {
                section = trimmed[1..^1].Trim();
                continue;
            }

            var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw Error.Config(ErrorCodes.ConfigSyntax, file, $"line {i + 1}",
                    "the line is neither '[section]' nor 'key: value' (keys and values are separated by ':')");
            }

            var key = trimmed[..colon].Trim();
            if (section is null)
            {
                throw Error.Config(ErrorCodes.ConfigSyntax, file, $"line {i + 1}", $"key '{key}' comes before any [section]");
            }

            if (!keyLines.TryAdd($"[{section}] {key}", i + 1))
            {
                throw Error.Config(ErrorCodes.ConfigSyntax, file, $"line {i + 1}",
                    $"key '{key}' is set twice in [{section}] (first at line {keyLines[$"[{section}] {key}"]})");
            }
        }

        return new IniLayout(string.Join('\n', lines), keyLines);
    }
}
