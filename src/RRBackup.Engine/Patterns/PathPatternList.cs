namespace RRBackup.Engine.Patterns;

/// <summary>An ordered list of patterns; for ignore and skip-delete rules any match counts.</summary>
public sealed class PathPatternList(IReadOnlyList<PathPattern> patterns)
{
    public static readonly PathPatternList Empty = new([]);

    public IReadOnlyList<PathPattern> Patterns { get; } = patterns;

    public bool IsEmpty => Patterns.Count == 0;

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
