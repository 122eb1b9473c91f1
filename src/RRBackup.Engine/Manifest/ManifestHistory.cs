using RRBackup.Engine.Configuration;
using RRBackup.Engine.Diagnostics;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Manifest.Json;
using RRBackup.Engine.Objects;
using RRBackup.Engine.Storage;

namespace RRBackup.Engine.Manifest;

/// <summary>The chain of manifest diffs in the store, with the head manifest folded from it.</summary>
internal sealed class ManifestHistory
{
    private readonly ObjectCodec _store;
    private readonly RemoteNames _names;

    private ManifestHistory(ObjectCodec store, RemoteNames names, IReadOnlyList<VersionInfo> versions, FileManifest headManifest, DateTimeOffset headScanTime)
    {
        _store = store;
        _names = names;
        Versions = versions;
        HeadManifest = headManifest;
        HeadScanTime = headScanTime;
    }

    private int _concurrency = 4;

    /// <summary>Every version, oldest first.</summary>
    public IReadOnlyList<VersionInfo> Versions { get; }

    /// <summary>The newest version, or null when nothing was ever committed.</summary>
    public VersionInfo? Head => Versions.Count == 0 ? null : Versions[^1];

    /// <summary>The files of the newest version (empty before the first commit).</summary>
    public FileManifest HeadManifest { get; }

    /// <summary>When the newest version's scan started.</summary>
    public DateTimeOffset HeadScanTime { get; }

    /// <summary>
    /// Loads the history: from the local cache when its head is a version of the remote (folding only
    /// the diffs after it), else from the remote's diffs alone. Updates the cache.
    /// </summary>
    /// <remarks>
    /// The valid history is the chain in which each diff names the previous valid diff as its parent,
    /// in the store's version order. A diff whose parent was no longer the head when it landed lost a
    /// race with another writer: it is skipped (and listed in <see cref="SkippedVersions"/>), never folded.
    /// </remarks>
    /// <param name="writer">This machine's writer id: entries last set by other writers' diffs are marked unverified.</param>
    public static async Task<ManifestHistory> LoadAsync(IVersionedObjectStore rawStore, ObjectCodec store, RemoteNames names, string? cachePath, string storeIdentity, IEngineLog log, CancellationToken cancellationToken, string? writer = null)
    {
        HashSet<string>? unverified = null;
        var listed = await ListDiffVersionsAsync(rawStore, names, cancellationToken).ConfigureAwait(false);
        var cache = cachePath is null ? null : ManifestCache.TryRead(cachePath, storeIdentity, log);
        var versions = new List<VersionInfo>();
        var manifest = new FileManifest();
        var scanTime = DateTimeOffset.MinValue;
        var start = 0;

        if (cache is not null && CachePosition(cache, listed) is { } position)
        {
            versions.AddRange(cache.Versions);
            manifest = cache.Manifest;
            scanTime = cache.ScanTime;
            start = position + 1;
            unverified = cache.Unverified is null ? null : new HashSet<string>(cache.Unverified, StringComparer.Ordinal);
        }
        else
        {
            if (cache is not null)
            {
                log.Warning(ErrorCodes.CacheDiscarded,
                    $"local manifest cache '{cachePath}' is at version '{cache.Head}', which is not a version of {rawStore.Description} " +
                    $"(its head is '{(listed.Count == 0 ? "none" : listed[^1].VersionId)}'); the remote is the truth, rebuilding the cache from it");
            }

            if (listed.Count > 0 && await Checkpoints.ReadNewestAsync(rawStore, store, names, listed.Select(v => v.VersionId).ToHashSet(StringComparer.Ordinal), log, cancellationToken).ConfigureAwait(false) is { } checkpoint)
            {
                versions.AddRange(checkpoint.Document.Versions.Select(ManifestCodec.FromDocument));
                manifest = checkpoint.Manifest;
                scanTime = checkpoint.Document.ScanTime;
                start = listed.FindIndex(v => v.VersionId == checkpoint.Document.At) + 1;
            }
        }

        var missing = listed.Skip(start).Select(v => v.VersionId).ToList();
        var diffs = await ReadDiffsAsync(store, rawStore.PreferredConcurrency, names, missing, cancellationToken, vanishedAllowed: true).ConfigureAwait(false);
        var skipped = new List<SkippedVersion>();
        for (var i = 0; i < missing.Count; i++)
        {
            var previous = versions.Count == 0 ? null : versions[^1];
            if (diffs[i] is null)
            {
                continue; // deleted since the listing: only a writer that lost a race deletes its diff
            }

            if (diffs[i].ParentVersionId != previous?.VersionId)
            {
                skipped.Add(new SkippedVersion(missing[i], diffs[i].ParentVersionId, previous?.VersionId));
                log.Warning(ErrorCodes.LostRace,
                    $"version '{missing[i]}' of '{names.ManifestDiffs}' was written on top of '{diffs[i].ParentVersionId ?? "nothing"}', which was no longer the " +
                    $"newest version ('{previous?.VersionId ?? "none"}' was): a concurrent commit won, and this one is not part of the history");
                continue;
            }

            RequireSequence(names.ManifestDiffs, previous, missing[i], diffs[i]);
            manifest.Apply(diffs[i], names.ManifestDiffs, missing[i]);
            if (unverified is not null && (writer is null || diffs[i].Writer != writer))
            {
                unverified.UnionWith(diffs[i].Changes.Select(c => c.Path));
            }
            versions.Add(Summarise(missing[i], diffs[i], manifest));
            scanTime = diffs[i].ScanTime;
        }

        var history = new ManifestHistory(store, names, versions, manifest, scanTime)
        {
            _concurrency = rawStore.PreferredConcurrency,
            SkippedVersions = skipped,
            Unverified = versions.Count == 0 ? new HashSet<string>(StringComparer.Ordinal) : unverified,
        };
        if (cachePath is not null && (missing.Count > 0 || (cache is not null && versions.Count != cache.Versions.Count)))
        {
            history.WriteCache(cachePath, storeIdentity);
        }

        return history;
    }

    /// <summary>
    /// Paths whose entries this machine cannot vouch for: last set by another writer's diff, from a
    /// tree it never saw, so equal size and time prove nothing. Null: none can be vouched for (the
    /// history came from the remote, not from this machine's cache). A commit hashes them.
    /// </summary>
    public IReadOnlySet<string>? Unverified { get; private init; }

    /// <summary>Diffs that lost a race with another writer and are not part of the history (only those read in this load).</summary>
    public IReadOnlyList<SkippedVersion> SkippedVersions { get; private init; } = [];

    /// <summary>The history after a commit that wrote <paramref name="diff"/> as <paramref name="versionId"/>.</summary>
    public ManifestHistory WithCommit(string versionId, ManifestDiff diff, FileManifest manifest)
    {
        var versions = new List<VersionInfo>(Versions) { Summarise(versionId, diff, manifest) };
        return new ManifestHistory(_store, _names, versions, manifest, diff.ScanTime)
        {
            _concurrency = _concurrency,
            Unverified = new HashSet<string>(StringComparer.Ordinal), // the commit hashed everything it could not vouch for
        };
    }

    /// <summary>The same history, with <paramref name="paths"/> no longer unverified: their files were read and match their entries.</summary>
    public ManifestHistory WithVerified(IEnumerable<string> paths)
    {
        var unverified = Unverified is null
            ? HeadManifest.Entries.Select(e => e.Path).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(Unverified, StringComparer.Ordinal);
        unverified.ExceptWith(paths);
        return new ManifestHistory(_store, _names, Versions, HeadManifest, HeadScanTime)
        {
            _concurrency = _concurrency,
            SkippedVersions = SkippedVersions,
            Unverified = unverified,
        };
    }

    public void WriteCache(string cachePath, string storeIdentity)
    {
        if (Head is null)
        {
            return;
        }

        new ManifestCache(storeIdentity, Head.VersionId, HeadScanTime, Versions, HeadManifest, Unverified).Write(cachePath);
    }

    /// <summary>Finds a version by 'latest', 'label:KEY=VALUE', a full id, or a unique prefix of one.</summary>
    public VersionInfo Resolve(string selector) => VersionSelector.Resolve(Versions, selector);

    public async Task<ManifestDiff> ReadDiffAsync(VersionInfo version, CancellationToken cancellationToken)
    {
        var diffs = await ReadDiffsAsync(_store, _concurrency, _names, [version.VersionId], cancellationToken).ConfigureAwait(false);
        return diffs[0];
    }

    /// <summary>The files of any version: the head from memory, an older one folded from the remote's diffs.</summary>
    public async Task<FileManifest> ManifestAtAsync(VersionInfo version, CancellationToken cancellationToken)
    {
        if (version == Head)
        {
            return HeadManifest;
        }

        var chain = Versions.TakeWhile(v => v.Sequence <= version.Sequence).Select(v => v.VersionId).ToList();
        var diffs = await ReadDiffsAsync(_store, _concurrency, _names, chain, cancellationToken).ConfigureAwait(false);
        var manifest = new FileManifest();
        for (var i = 0; i < chain.Count; i++)
        {
            manifest.Apply(diffs[i], _names.ManifestDiffs, chain[i]);
        }

        return manifest;
    }

    /// <summary>Every (key, version) that any version of the history references.</summary>
    public async Task<HashSet<(string Key, string Version)>> ReferencedObjectVersionsAsync(CancellationToken cancellationToken)
    {
        var ids = Versions.Select(v => v.VersionId).ToList();
        var diffs = await ReadDiffsAsync(_store, _concurrency, _names, ids, cancellationToken).ConfigureAwait(false);
        var referenced = new HashSet<(string, string)>();
        foreach (var change in diffs.SelectMany(d => d.Changes))
        {
            if (change.Entry is { ObjectKey: { } key, ObjectVersion: { } version })
            {
                referenced.Add((key, version));
            }
        }

        return referenced;
    }

    private static async Task<List<ObjectVersion>> ListDiffVersionsAsync(IVersionedObjectStore store, RemoteNames names, CancellationToken cancellationToken)
    {
        var all = await store.ListVersionsAsync(names.ManifestDiffs, cancellationToken).ConfigureAwait(false);
        return [.. all.Where(v => !v.IsDeleteMarker)];
    }

    /// <summary>Where the cache's head stands in the listing, when every cached version is listed in the same order.</summary>
    private static int? CachePosition(ManifestCache cache, List<ObjectVersion> listed)
    {
        if (cache.Versions.Count == 0 || cache.Versions[^1].VersionId != cache.Head)
        {
            return null;
        }

        var position = -1;
        foreach (var version in cache.Versions)
        {
            position = listed.FindIndex(position + 1, v => v.VersionId == version.VersionId);
            if (position < 0)
            {
                return null;
            }
        }

        return position;
    }

    private static async Task<ManifestDiff[]> ReadDiffsAsync(ObjectCodec store, int concurrency, RemoteNames names, IReadOnlyList<string> versionIds, CancellationToken cancellationToken, bool vanishedAllowed = false)
    {
        var diffs = new ManifestDiff[versionIds.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, versionIds.Count, options, async (i, ct) =>
        {
            try
            {
                var json = await store.GetMetadataAsync(names.ManifestDiffs, versionIds[i], ObjectKind.ManifestDiff, ct).ConfigureAwait(false);
                diffs[i] = ManifestCodec.DecodeDiff(json, names.ManifestDiffs, versionIds[i]);
            }
            catch (RRBackupException e) when (vanishedAllowed && e.Code == ErrorCodes.ObjectNotFound)
            {
                diffs[i] = null!;
            }
        }).ConfigureAwait(false);
        return diffs;
    }

    private static void RequireSequence(string diffKey, VersionInfo? previous, string versionId, ManifestDiff diff)
    {
        var expected = previous is null ? 1 : previous.Sequence + 1;
        if (diff.Sequence != expected)
        {
            throw new RRBackupException(ErrorCodes.ChainBroken, ErrorKind.Data,
                $"the manifest chain of '{diffKey}' is broken at version '{versionId}': it follows '{previous?.VersionId ?? "nothing"}' " +
                $"(sequence {previous?.Sequence ?? 0}) but has sequence {diff.Sequence}; the history is not folded past this point");
        }
    }

    private static VersionInfo Summarise(string versionId, ManifestDiff diff, FileManifest manifest) =>
        new(versionId, diff.Sequence, diff.ParentVersionId, diff.Time, diff.Message, diff.Labels, manifest.Count, manifest.TotalBytes, diff.Changes.Count);
}
