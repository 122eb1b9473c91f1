namespace RRBackup.Engine.Patterns;

/// <summary>An ordered list of patterns; for ignore and skip-delete rules any match counts.</summary>
public sealed class PathPatternList(IReadOnlyList<PathPattern> patterns)
{
    public static readonly PathPatternList Empty = new([]);

    public IReadOnlyList<PathPattern> Patterns { get; } = patterns;

    public bool IsEmpty => Patterns.Count == 0;

    /// <summary>
    /// The starts that together cover every path any pattern matches, none inside another, in ordinal
    /// order; null when a pattern can match anywhere (it is not anchored at base_path).
    /// </summary>
    internal IReadOnlyList<string>? OutermostLiteralPrefixes()
    {
        if (Patterns.Any(p => p.LiteralPrefix.Length == 0))
        {
            return null;
        }

        var outermost = new List<string>();
        foreach (var prefix in Patterns.Select(p => p.LiteralPrefix).Order(StringComparer.Ordinal))
        {
            if (outermost.Count == 0 || !prefix.StartsWith(outermost[^1], StringComparison.Ordinal))
            {
                outermost.Add(prefix);
            }
        }

        return outermost;
    }

    public bool MatchesAny(string path)
    {
        foreach (var pattern in Patterns)
        {
            if (pattern.Matches(path))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Parses patterns given one per element; throws <see cref="FormatException"/> naming the bad one.</summary>
    public static PathPatternList Parse(IEnumerable<string> texts) => new([.. texts.Select(PathPattern.Parse)]);
}
