using RRBackup.Engine.Errors;

namespace RRBackup.Engine.Manifest;

/// <summary>The files of one version: the fold of the manifest diffs up to it.</summary>
/// <remarks>
/// Holds its entries in path order, by path, or both. A manifest read from the cache arrives in path
/// order and is indexed by path only when first asked for one path: listing or downloading part of a
/// large version then never builds the index.
/// </remarks>
public sealed class FileManifest
{
    private object? _indexing;
    private Dictionary<string, ManifestEntry>? _byPath;
    private ManifestEntry[]? _sorted; // never written into: a change drops it, so clones may share it

    public FileManifest()
        : this(new Dictionary<string, ManifestEntry>(StringComparer.Ordinal))
    {
    }

    private FileManifest(Dictionary<string, ManifestEntry> entries)
    {
        _byPath = entries;
        TotalBytes = entries.Values.Sum(e => e.Size);
    }

    private FileManifest(ManifestEntry[] sorted)
    {
        _sorted = sorted;
        TotalBytes = sorted.Sum(e => e.Size);
    }

    private FileManifest(FileManifest original)
    {
        _byPath = original._byPath is null ? null : new Dictionary<string, ManifestEntry>(original._byPath, StringComparer.Ordinal);
        _sorted = original._sorted;
        TotalBytes = original.TotalBytes;
    }

    public int Count => _sorted?.Length ?? _byPath!.Count;

    public long TotalBytes { get; private set; }

    /// <summary>The entries in ordinal path order.</summary>
    public IReadOnlyList<ManifestEntry> SortedEntries => Sorted;

    public IEnumerable<ManifestEntry> Entries => _sorted ?? (IEnumerable<ManifestEntry>)_byPath!.Values;

    public static FileManifest FromEntries(IEnumerable<ManifestEntry> entries) =>
        new(entries.ToDictionary(e => e.Path, StringComparer.Ordinal));

    /// <summary>A manifest from entries already in ordinal path order, as the cache stores them.</summary>
    /// <exception cref="FormatException">The entries are out of order or a path repeats.</exception>
    public static FileManifest FromSortedEntries(ManifestEntry[] sorted)
    {
        for (var i = 1; i < sorted.Length; i++)
        {
            if (string.CompareOrdinal(sorted[i - 1].Path, sorted[i].Path) >= 0)
            {
                throw new FormatException($"the path '{sorted[i].Path}' is out of order or repeated");
            }
        }

        return new FileManifest(sorted);
    }

    /// <summary>The entries whose paths start with <paramref name="prefix"/>, in path order.</summary>
    public IEnumerable<ManifestEntry> SortedEntriesStartingWith(string prefix)
    {
        var sorted = Sorted;
        var low = 0;
        var high = sorted.Length;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            (low, high) = string.CompareOrdinal(sorted[middle].Path, prefix) < 0 ? (middle + 1, high) : (low, middle);
        }

        for (var i = low; i < sorted.Length && sorted[i].Path.StartsWith(prefix, StringComparison.Ordinal); i++)
        {
            yield return sorted[i];
        }
    }

    /// <summary>Adds an entry for a path not yet present; false when the path is already present.</summary>
    public bool TryAdd(ManifestEntry entry)
    {
        if (!Index().TryAdd(entry.Path, entry))
        {
            return false;
        }

        _sorted = null;
        TotalBytes += entry.Size;
        return true;
    }

    /// <remarks>Safe to call from several threads while nothing changes the manifest.</remarks>
    public bool TryGet(string path, out ManifestEntry entry) => Index().TryGetValue(path, out entry!);

    /// <remarks>Copies the index when it is built (cheaper than hashing every path again) and shares the path order.</remarks>
    public FileManifest Clone() => new(this);

    /// <summary>Applies one diff; a change that does not fit the manifest means the chain is corrupt.</summary>
    /// <param name="diff">The diff to apply.</param>
    /// <param name="diffKey">The manifest diff key, for messages.</param>
    /// <param name="versionId">The diff's version id, for messages.</param>
    public void Apply(ManifestDiff diff, string diffKey, string versionId)
    {
        var entries = Index();
        _sorted = null;
        foreach (var change in diff.Changes)
        {
            switch (change.Kind)
            {
                case ChangeKind.Added:
                    Require(!entries.ContainsKey(change.Path), change, "adds a path that is already present", diffKey, versionId);
                    Put(change.Entry!);
                    break;
                case ChangeKind.Changed:
                case ChangeKind.Touched:
                    Require(entries.ContainsKey(change.Path), change, "changes a path that is not present", diffKey, versionId);
                    Put(change.Entry!);
                    break;
                case ChangeKind.Deleted:
                    Require(entries.ContainsKey(change.Path), change, "deletes a path that is not present", diffKey, versionId);
                    Remove(change.Path);
                    break;
                case ChangeKind.Moved:
                    Require(entries.ContainsKey(change.FromPath!), change, "moves a path that is not present", diffKey, versionId);
                    Require(!entries.ContainsKey(change.Path), change, "moves onto a path that is already present", diffKey, versionId);
                    Remove(change.FromPath!);
                    Put(change.Entry!);
                    break;
            }
        }
    }

    private void Put(ManifestEntry entry)
    {
        var entries = Index();
        if (entries.TryGetValue(entry.Path, out var old))
        {
            TotalBytes -= old.Size;
        }

        entries[entry.Path] = entry;
        TotalBytes += entry.Size;
    }

    private void Remove(string path)
    {
        if (Index().Remove(path, out var old))
        {
            TotalBytes -= old.Size;
        }
    }

    private ManifestEntry[] Sorted => _sorted ??= [.. _byPath!.Values.OrderBy(e => e.Path, StringComparer.Ordinal)];

    private Dictionary<string, ManifestEntry> Index() =>
        LazyInitializer.EnsureInitialized(ref _byPath, ref _indexing, () => _sorted!.ToDictionary(e => e.Path, StringComparer.Ordinal));

    private static void Require(bool condition, ManifestChange change, string problem, string diffKey, string versionId)
    {
        if (!condition)
        {
            throw new RRBackupException(ErrorCodes.ChainBroken, ErrorKind.Data,
                $"manifest diff '{diffKey}' version '{versionId}' {problem}: '{change.Path}'; the manifest chain is inconsistent");
        }
    }
}
