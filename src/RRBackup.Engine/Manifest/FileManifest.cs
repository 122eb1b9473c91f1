using RRBackup.Engine.Errors;

namespace RRBackup.Engine.Manifest;

/// <summary>The files of one version: the fold of the manifest diffs up to it.</summary>
public sealed class FileManifest
{
    private readonly Dictionary<string, ManifestEntry> _entries;

    public FileManifest()
        : this(new Dictionary<string, ManifestEntry>(StringComparer.Ordinal))
    {
    }

    private FileManifest(Dictionary<string, ManifestEntry> entries)
    {
        _entries = entries;
        TotalBytes = entries.Values.Sum(e => e.Size);
    }

    public int Count => _entries.Count;

    public long TotalBytes { get; private set; }

    /// <summary>The entries in ordinal path order.</summary>
    public IReadOnlyList<ManifestEntry> SortedEntries =>
        [.. _entries.Values.OrderBy(e => e.Path, StringComparer.Ordinal)];

    public IEnumerable<ManifestEntry> Entries => _entries.Values;

    public static FileManifest FromEntries(IEnumerable<ManifestEntry> entries) =>
        new(entries.ToDictionary(e => e.Path, StringComparer.Ordinal));

    /// <summary>Adds an entry for a path not yet present; false when the path is already present.</summary>
    public bool TryAdd(ManifestEntry entry)
    {
        if (!_entries.TryAdd(entry.Path, entry))
        {
            return false;
        }

        TotalBytes += entry.Size;
        return true;
    }

    public bool TryGet(string path, out ManifestEntry entry) => _entries.TryGetValue(path, out entry!);

    public FileManifest Clone() => new(new Dictionary<string, ManifestEntry>(_entries, StringComparer.Ordinal));

    /// <summary>Applies one diff; a change that does not fit the manifest means the chain is corrupt.</summary>
    /// <param name="diff">The diff to apply.</param>
    /// <param name="diffKey">The manifest diff key, for messages.</param>
    /// <param name="versionId">The diff's version id, for messages.</param>
    public void Apply(ManifestDiff diff, string diffKey, string versionId)
    {
        foreach (var change in diff.Changes)
        {
            switch (change.Kind)
            {
                case ChangeKind.Added:
                    Require(!_entries.ContainsKey(change.Path), change, "adds a path that is already present", diffKey, versionId);
                    Put(change.Entry!);
                    break;
                case ChangeKind.Changed:
                case ChangeKind.Touched:
                    Require(_entries.ContainsKey(change.Path), change, "changes a path that is not present", diffKey, versionId);
                    Put(change.Entry!);
                    break;
                case ChangeKind.Deleted:
                    Require(_entries.ContainsKey(change.Path), change, "deletes a path that is not present", diffKey, versionId);
                    Remove(change.Path);
                    break;
                case ChangeKind.Moved:
                    Require(_entries.ContainsKey(change.FromPath!), change, "moves a path that is not present", diffKey, versionId);
                    Require(!_entries.ContainsKey(change.Path), change, "moves onto a path that is already present", diffKey, versionId);
                    Remove(change.FromPath!);
                    Put(change.Entry!);
                    break;
            }
        }
    }

    private void Put(ManifestEntry entry)
    {
        if (_entries.TryGetValue(entry.Path, out var old))
        {
            TotalBytes -= old.Size;
        }

        _entries[entry.Path] = entry;
        TotalBytes += entry.Size;
    }

    private void Remove(string path)
    {
        if (_entries.Remove(path, out var old))
        {
            TotalBytes -= old.Size;
        }
    }

    private static void Require(bool condition, ManifestChange change, string problem, string diffKey, string versionId)
    {
        if (!condition)
        {
            throw new RRBackupException(ErrorCodes.ChainBroken, ErrorKind.Data,
                $"manifest diff '{diffKey}' version '{versionId}' {problem}: '{change.Path}'; the manifest chain is inconsistent");
        }
    }
}
