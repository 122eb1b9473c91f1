using DotNet.Globbing;

namespace RRBackup.Engine.Patterns;

/// <summary>A wildcard rule matched against backup paths (docs/configuration.md, "Patterns").</summary>
/// <remarks>
/// A pattern starting with '/' is anchored at base_path; any other matches at any depth. '*' and '?'
/// stay within one path segment, '**' crosses segments. A pattern that matches a folder covers
/// everything inside it, so '/cache' and '/cache*' both cover '/cache/a/b'.
/// </remarks>
public sealed class PathPattern
{
    private readonly Glob _self;
    private readonly Glob _inside;

    private PathPattern(string text, Glob self, Glob inside)
    {
        Text = text;
        _self = self;
        _inside = inside;
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>Parses a pattern; throws <see cref="FormatException"/> with the reason when it is not valid.</summary>
    public static PathPattern Parse(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            throw new FormatException("a pattern must not be empty");
        }

        if (trimmed.Contains('\\'))
        {
            throw new FormatException($"pattern '{trimmed}' contains '\\'; paths use '/'");
        }

        var anchored = trimmed.StartsWith('/') ? trimmed : "**/" + trimmed;
        var withoutTrailingSlash = anchored.Length > 1 ? anchored.TrimEnd('/') : anchored;
        try
        {
            return new PathPattern(trimmed, Glob.Parse(withoutTrailingSlash), Glob.Parse(withoutTrailingSlash + "/**"));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new FormatException($"pattern '{trimmed}' is not a valid wildcard: {e.Message}", e);
        }
    }

    /// <summary>Whether the path, or a folder that holds it, matches.</summary>
    /// <param name="path">A backup path: '/'-separated, starting with '/'.</param>
    public bool Matches(string path) => _self.IsMatch(path) || _inside.IsMatch(path);

    public override string ToString() => Text;
}
