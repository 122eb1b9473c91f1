using RRBackup.Engine.Configuration;
using RRBackup.Engine.Diagnostics;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Objects;
using RRBackup.Engine.Storage;

namespace RRBackup.Engine.Restore;

/// <summary>
/// Rebuilds files from the file objects alone, for when the manifest diffs are lost or corrupt: every
/// key under files/ gives its newest version, written at the path its header (or sealed preamble) names.
/// </summary>
/// <remarks>
/// What it cannot know: deletions (a deleted file's object is still there, so it comes back),
/// modification times (not stored in objects), and files stored only as references to another
/// path's object (duplicates and renames), which have no object of their own.
/// </remarks>
internal sealed class RecoverOperation(IVersionedObjectStore store, ObjectCodec codec, IEngineLog log)
{
    public async Task<RecoverResult> RunAsync(string target, CancellationToken cancellationToken)
    {
        var safeTarget = new SafeTarget(target);
        Directory.CreateDirectory(safeTarget.Root);
        var written = new List<string>();
        var failures = new List<string>();
        await foreach (var key in store.ListKeysAsync(RemoteNames.FilePrefix, cancellationToken).ConfigureAwait(false))
        {
            var versions = await store.ListVersionsAsync(key, cancellationToken).ConfigureAwait(false);
            var newest = versions.LastOrDefault(v => !v.IsDeleteMarker);
            if (newest is null)
            {
                continue;
            }

            try
            {
                written.Add(await RecoverObjectAsync(safeTarget, key, newest.VersionId, cancellationToken).ConfigureAwait(false));
            }
            catch (RRBackupException e) when (e.Kind is ErrorKind.Data or ErrorKind.LocalIo)
            {
                failures.Add($"{key} version {newest.VersionId}: {e.Message}");
                log.Warning(e.Code, $"cannot recover '{key}' version '{newest.VersionId}': {e.Message}");
            }
        }

        return new RecoverResult(safeTarget.Root, written, failures);
    }

    private async Task<string> RecoverObjectAsync(SafeTarget target, string key, string versionId, CancellationToken cancellationToken)
    {
        var temporary = Path.Join(target.Root, ".rrbackup-recover-" + Guid.NewGuid().ToString("N"));
        try
        {
            DecodedObject decoded;
            var stored = await store.GetAsync(key, versionId, cancellationToken).ConfigureAwait(false);
            await using (stored.ConfigureAwait(false))
            {
                var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
                await using (output.ConfigureAwait(false))
                {
                    decoded = await codec.DecodeAsync(stored, key, output, cancellationToken).ConfigureAwait(false);
                }
            }

            if (decoded.Header.Kind != ObjectKind.FileData || decoded.Path is null)
            {
                throw Error.Corrupt(key, versionId, "it is not a file object with a path");
            }

            var destination = target.PrepareFile(decoded.Path);
            File.Move(temporary, destination, overwrite: true);
            return destination;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Error.LocalIo(target.Root, $"recovering '{key}'", e);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
