using RRBackup.Engine.Errors;
using RRBackup.Engine.Manifest;
using RRBackup.Engine.Objects;
using RRBackup.Engine.Storage;

namespace RRBackup.Engine.Maintenance;

/// <summary>Checks that every object the chosen versions reference exists, and with read-data that each decodes to its recorded hash.</summary>
internal sealed class VerifyOperation(IVersionedObjectStore store, ObjectCodec codec)
{
    public async Task<VerifyResult> RunAsync(ManifestHistory history, IReadOnlyList<VersionInfo> versions, bool readData, CancellationToken cancellationToken)
    {
        var referenced = await ReferencedAsync(history, versions, cancellationToken).ConfigureAwait(false);
        var problems = new List<VerifyProblem>();
        problems.AddRange(await FindMissingAsync(referenced, cancellationToken).ConfigureAwait(false));
        if (readData)
        {
            var missing = problems.Select(p => (p.Key, p.VersionId)).ToHashSet();
            problems.AddRange(await ReadAllAsync(referenced.Where(r => !missing.Contains((r.Key, r.Version))), cancellationToken).ConfigureAwait(false));
        }

        return new VerifyResult(versions.Count, referenced.Count, readData, problems, history.SkippedVersions);
    }

    /// <summary>Each distinct object version the versions reference, with one path and the hash it must have.</summary>
    private static async Task<List<(string Key, string Version, string Path, string Sha256)>> ReferencedAsync(ManifestHistory history, IReadOnlyList<VersionInfo> versions, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<(string, string), (string Key, string Version, string Path, string Sha256)>();
        foreach (var version in versions)
        {
            var manifest = await history.ManifestAtAsync(version, cancellationToken).ConfigureAwait(false);
            foreach (var entry in manifest.Entries.Where(e => e.ObjectKey is not null))
            {
                seen.TryAdd((entry.ObjectKey!, entry.ObjectVersion!), (entry.ObjectKey!, entry.ObjectVersion!, entry.Path, entry.Sha256));
            }
        }

        return [.. seen.Values];
    }

    private async Task<List<VerifyProblem>> FindMissingAsync(List<(string Key, string Version, string Path, string Sha256)> referenced, CancellationToken cancellationToken)
    {
        var problems = new List<VerifyProblem>();
        foreach (var group in referenced.GroupBy(r => r.Key))
        {
            var stored = (await store.ListVersionsAsync(group.Key, cancellationToken).ConfigureAwait(false))
                .Where(v => !v.IsDeleteMarker).Select(v => v.VersionId).ToHashSet(StringComparer.Ordinal);
            problems.AddRange(group.Where(r => !stored.Contains(r.Version))
                .Select(r => new VerifyProblem(r.Path, r.Key, r.Version, "the object version is missing from the store")));
        }

        return problems;
    }

    private async Task<List<VerifyProblem>> ReadAllAsync(IEnumerable<(string Key, string Version, string Path, string Sha256)> referenced, CancellationToken cancellationToken)
    {
        var problems = new System.Collections.Concurrent.ConcurrentBag<VerifyProblem>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = store.PreferredConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(referenced, options, async (r, ct) =>
        {
            try
            {
                await codec.CopyFileContentsAsync(r.Key, r.Version, r.Sha256, Stream.Null, ct).ConfigureAwait(false);
            }
            catch (RRBackupException e) when (e.Kind is ErrorKind.Data or ErrorKind.Store)
            {
                problems.Add(new VerifyProblem(r.Path, r.Key, r.Version, e.Message));
            }
        }).ConfigureAwait(false);
        return [.. problems.OrderBy(p => p.Key, StringComparer.Ordinal)];
    }
}
