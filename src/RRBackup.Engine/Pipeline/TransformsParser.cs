namespace RRBackup.Engine.Pipeline;

/// <summary>Reads a pipeline as written in the configuration: 'hash_names, compress, encrypt' in any order, or nothing.</summary>
public static class TransformsParser
{
    private static readonly Dictionary<string, Transforms> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["hash_names"] = Transforms.HashNames,
        ["compress"] = Transforms.Compress,
        ["encrypt"] = Transforms.Encrypt,
    };

    /// <summary>Parses a comma-separated list; throws <see cref="FormatException"/> naming an unknown transform.</summary>
    public static Transforms Parse(string text)
    {
        var result = Transforms.None;
        foreach (var name in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Names.TryGetValue(name, out var transform))
            {
                throw new FormatException($"'{name}' is not a transform; use hash_names, compress and/or encrypt");
            }

            result |= transform;
        }

        return result;
    }

    /// <summary>The canonical spelling, in the order the transforms apply.</summary>
    public static string Format(Transforms transforms)
    {
        var names = Names.Where(n => transforms.HasFlag(n.Value)).OrderBy(n => n.Value).Select(n => n.Key).ToList();
        return names.Count == 0 ? "(stored as-is)" : string.Join(", ", names);
    }
}
