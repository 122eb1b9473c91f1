using RRBackup.Engine.Configuration;
using RRBackup.Engine.Diagnostics;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Manifest.Json;
using RRBackup.Engine.Objects;
using RRBackup.Engine.Storage;

namespace RRBackup.Engine.Manifest;

/// <summary>
/// Full manifests written every few commits, so that a machine without a cache reads one checkpoint
/// and at most <see cref="Interval"/> - 1 diffs, whatever the history's length.
/// </summary>
internal static class Checkpoints
{
    /// <summary>A checkpoint is written at every sequence number divisible by this.</summary>
    public const int Interval = 4;

    /// <summary>How many of the newest checkpoints a read-write client keeps.</summary>
    public const int Kept = 3;

    private const int Format = 1;

    public static bool IsDue(long sequence) => sequence % Interval == 0;

    /// <summary>The newest checkpoint that stands for a listed diff, or null.</summary>
    public static async Task<(CheckpointDocument Document, FileManifest Manifest)?> ReadNewestAsync(
        IVersionedObjectStore store, ObjectCodec codec, RemoteNames names, IReadOnlySet<string> listedDiffs, IEngineLog log, CancellationToken cancellationToken)
    {
        var versions = await store.ListVersionsAsync(names.Checkpoints, cancellationToken).ConfigureAwait(false);
        foreach (var version in versions.Where(v => !v.IsDeleteMarker).Reverse().Take(2))
        {
            try
            {
                var json = await codec.GetMetadataAsync(names.Checkpoints, version.VersionId, ObjectKind.Checkpoint, cancellationToken).ConfigureAwait(false);
                var (document, manifest) = ManifestJsonReader.ReadCheckpoint(json, Format, names.Checkpoints, version.VersionId);
                if (document.Format == Format && listedDiffs.Contains(document.At) && document.Versions.Count > 0 && document.Versions[^1].Id == document.At)
                {
                    return (document, manifest);
                }
            }
            catch (RRBackupException e) when (e.Kind == ErrorKind.Data)
            {
                log.Warning(e.Code, $"checkpoint '{names.Checkpoints}' version '{version.VersionId}' cannot be used ({e.Message}); reading the diffs instead");
            }
        }

        return null;
    }

    public static async Task WriteAsync(ObjectCodec codec, RemoteNames names, ManifestHistory history, CancellationToken cancellationToken)
    {
        var json = ManifestJsonWriter.Checkpoint(history, Format);
        await codec.PutMetadataAsync(names.Checkpoints, ObjectKind.Checkpoint, json, PutDurability.Immediate, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes all but the newest <see cref="Kept"/> checkpoints: the diffs hold everything they do.</summary>
    public static async Task PruneAsync(IVersionedObjectStore store, RemoteNames names, CancellationToken cancellationToken)
    {
        var versions = await store.ListVersionsAsync(names.Checkpoints, cancellationToken).ConfigureAwait(false);
        foreach (var version in versions.Take(Math.Max(0, versions.Count - Kept)))
        {
            await store.DeleteVersionAsync(names.Checkpoints, version.VersionId, cancellationToken).ConfigureAwait(false);
        }
    }
}
