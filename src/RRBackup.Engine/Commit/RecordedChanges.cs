using RRBackup.Engine.Manifest;

namespace RRBackup.Engine.Commit;

/// <summary>
/// What a commit attempt has to record once its uploads are done: the changes, and the little it still
/// needs of the plan and the scan, so that those (several hundred bytes a file on a first commit) are
/// not held while the diff is written.
/// </summary>
/// <param name="Changes">The changes the diff records.</param>
/// <param name="Uploaded">The entries of objects this attempt wrote: a next try reuses them if this one loses its race.</param>
/// <param name="ScanTime">When the scan started.</param>
/// <param name="ObjectsUploaded">How many objects were written.</param>
/// <param name="BytesUploaded">How many bytes of contents they hold.</param>
/// <param name="Skipped">How many entries were passed over, by the scan or for changing while read.</param>
internal sealed record RecordedChanges(List<ManifestChange> Changes, List<ManifestEntry> Uploaded, DateTimeOffset ScanTime, int ObjectsUploaded, long BytesUploaded, int Skipped);
