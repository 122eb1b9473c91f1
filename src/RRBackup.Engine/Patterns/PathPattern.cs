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
    /// <summary>What may start a wildcard; a pattern without any of these is a plain path.</summary>
    private static readonly char[] WildcardStarts = ['*', '?', '[', '{'];

    private readonly Glob _self;
    private readonly Glob _inside;

    /// <summary>What every matching path starts with: an anchored pattern's text before its first wildcard ("" when not anchored).</summary>
    private readonly string _literalPrefix;

    /// <summary>The pattern is anchored and has no wildcard: it matches exactly that path and what is inside it.</summary>
    private readonly bool _isLiteral;

    private PathPattern(string text, string glob)
    {
        Text = text;
        _self = Glob.Parse(glob);
        _inside = Glob.Parse(glob + "/**");
        var wildcard = glob.IndexOfAny(WildcardStarts);
        _isLiteral = wildcard < 0;
        _literalPrefix = _isLiteral ? glob : glob[..wildcard];
    }

    /// <summary>What every path this pattern matches starts with; "" for a pattern that is not anchored.</summary>
    internal string LiteralPrefix => _literalPrefix;

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
            return new PathPattern(trimmed, withoutTrailingSlash);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new FormatException($"pattern '{trimmed}' is not a valid wildcard: {e.Message}", e);
        }
    }

    /// <summary>Whether the path, or a folder that holds it, matches.</summary>
    /// <param name="path">A backup path: '/'-separated, starting with '/'.</param>
    /// <remarks>Checks the literal start first: selecting a few files out of a large manifest then costs a string comparison per entry, not two glob matches.</remarks>
    public bool Matches(string path)
    {
        if (!path.StartsWith(_literalPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        if (_isLiteral)
        {
            return path.Length == _literalPrefix.Length || path[_literalPrefix.Length] == '/';
        }

        return _self.IsMatch(path) || _inside.IsMatch(path);
    }

    public override string ToString() => Text;
}
