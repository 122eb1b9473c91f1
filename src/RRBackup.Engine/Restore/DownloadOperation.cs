using RRBackup.Engine.Errors;
using RRBackup.Engine.Manifest;
using RRBackup.Engine.Objects;

namespace RRBackup.Engine.Restore;

/// <summary>Restores the files of one version (or part of it) into a target folder, in parallel.</summary>
/// <remarks>
/// Each file is written under a temporary name beside its place, checked against the manifest's
/// hash, given its modification time, and renamed over whatever was there: a file is never left
/// half-written under its own name. Files in the target that the version does not hold are left alone.
/// </remarks>
internal sealed class DownloadOperation(ObjectCodec codec, int concurrency)
{
    private const string TemporaryPrefix = ".rrbackup-partial-";

    public async Task<DownloadResult> RunAsync(VersionInfo version, FileManifest manifest, string target, DownloadOptions options, CancellationToken cancellationToken)
    {
        var safeTarget = new SafeTarget(target);
        CreateTarget(safeTarget.Root);
        var entries = manifest.SortedEntries.Where(e => IsSelected(e.Path, options)).ToList();
        var written = new string[entries.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, entries.Count, parallel, async (i, ct) =>
        {
            written[i] = await RestoreFileAsync(safeTarget, entries[i], ct).ConfigureAwait(false);
        }).ConfigureAwait(false);

        return new DownloadResult(version.VersionId, safeTarget.Root, written, entries.Sum(e => e.Size));
    }

    private static bool IsSelected(string path, DownloadOptions options) =>
        (options.Include.IsEmpty || options.Include.MatchesAny(path)) && !options.Exclude.MatchesAny(path);

    private static void CreateTarget(string root)
    {
        try
        {
            Directory.CreateDirectory(root);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Error.LocalIo(root, "creating the target folder", e);
        }
    }

    private async Task<string> RestoreFileAsync(SafeTarget target, ManifestEntry entry, CancellationToken cancellationToken)
    {
        var destination = target.PrepareFile(entry.Path);
        var temporary = Path.Join(Path.GetDirectoryName(destination), TemporaryPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            if (entry.LinkTarget is not null)
            {
                // A link is restored as a link, pointing where it pointed; nothing is written through it.
                if (File.Exists(destination) || new FileInfo(destination).LinkTarget is not null)
                {
                    File.Delete(destination);
                }

                File.CreateSymbolicLink(destination, entry.LinkTarget);
                return destination;
            }

            await WriteContentsAsync(entry, temporary, cancellationToken).ConfigureAwait(false);
            File.SetLastWriteTimeUtc(temporary, entry.ModifiedUtc);
            File.Move(temporary, destination, overwrite: true);
            return destination;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Error.LocalIo(destination, $"restoring '{entry.Path}'", e);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    private async Task WriteContentsAsync(ManifestEntry entry, string path, CancellationToken cancellationToken)
    {
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        await using (file.ConfigureAwait(false))
        {
            if (entry.ObjectKey is not null && entry.ObjectVersion is not null)
            {
                await codec.CopyFileContentsAsync(entry.ObjectKey, entry.ObjectVersion, entry.Sha256, file, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
