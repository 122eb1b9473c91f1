using RRBackup.Engine.Manifest;
using RRBackup.Engine.Scanning;

namespace RRBackup.Engine.Commit;

/// <summary>A change a commit will record, whose object reference may wait on an upload.</summary>
/// <param name="Digest">The contents' hash (default for a deletion).</param>
internal sealed record PlannedChange(ChangeKind Kind, string Path, ScannedFile? File, Sha256Digest Digest, long Size, string? FromPath, ManifestEntry? Existing, UploadJob? Upload)
{
    /// <summary>The change as recorded, once any upload it waits on is done.</summary>
    public ManifestChange ToChange()
    {
        if (Kind == ChangeKind.Deleted)
        {
            return ManifestChange.Deleted(Path);
        }

        var entry = Upload is not null
            ? new ManifestEntry(Path, Upload.Size, File!.ModifiedNs, Upload.Digest, Upload.Key, Upload.VersionId)
            : new ManifestEntry(Path, Size, File!.ModifiedNs, Digest, Size == 0 ? null : Existing!.ObjectKey, Size == 0 ? null : Existing!.ObjectVersion, File.LinkTarget);
        return new ManifestChange(Kind, Path, entry, FromPath);
    }
}
