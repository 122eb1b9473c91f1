using System.Text.Json.Serialization;
using RRBackup.Engine.Manifest;

namespace RRBackup.Cli.Json;

// The --json documents. Field names are snake_case and stable: docs/cli.md ("JSON output") lists
// them, and tests/RRBackup.Cli.Tests/Ux/JsonOutputTests.cs reads them. Add fields; never rename or
// remove one. Every field is always present (null when it has no value). Times are UTC ISO 8601.

/// <summary>`commit --json`.</summary>
public sealed record CommitDocument(
    bool NewVersion,
    string? VersionId,
    long? Sequence,
    int Added,
    int Changed,
    int Deleted,
    int Moved,
    int Touched,
    int ObjectsUploaded,
    long BytesUploaded,
    long FileCount,
    int Skipped);

/// <summary>One version, in `list_versions --json` and beside `list_files` and `list_changes`.</summary>
public sealed record VersionDocument(
    string VersionId,
    long Sequence,
    string? ParentVersionId,
    DateTime Time,
    string? Message,
    SortedDictionary<string, string> Labels,
    long FileCount,
    long TotalBytes,
    long ChangeCount)
{
    public static VersionDocument From(VersionInfo version) => new(
        version.VersionId,
        version.Sequence,
        version.ParentVersionId,
        version.Time.UtcDateTime,
        string.IsNullOrEmpty(version.Message) ? null : version.Message,
        new SortedDictionary<string, string>(version.Labels.ToDictionary(l => l.Key, l => l.Value), StringComparer.Ordinal),
        version.FileCount,
        version.TotalBytes,
        version.ChangeCount);
}

/// <summary>`list_versions --json`.</summary>
public sealed record VersionListDocument(IReadOnlyList<VersionDocument> Versions);

/// <summary>One file of a version.</summary>
public sealed record FileDocument(string Path, long Size, DateTime Modified, string Sha256, string? LinkTarget)
{
    public static FileDocument From(ManifestEntry entry) => new(entry.Path, entry.Size, entry.ModifiedUtc, entry.Sha256, entry.LinkTarget);
}

/// <summary>`list_files --json`.</summary>
public sealed record FileListDocument(VersionDocument Version, IReadOnlyList<FileDocument> Files);

/// <summary>One change of a version.</summary>
/// <param name="Kind">added, changed, deleted, moved or touched.</param>
/// <param name="Path">The path (for a move, the new path).</param>
/// <param name="FromPath">For a move, the old path; otherwise null.</param>
/// <param name="Size">The new size; null for a deletion.</param>
/// <param name="Modified">The new modification time; null for a deletion.</param>
/// <param name="Sha256">The new contents' hash; null for a deletion.</param>
/// <param name="LinkTarget">For a symbolic link, its target; otherwise null.</param>
/// <param name="Deduplicated">New contents that the store already held (a copy of another file, or the same as another new file), so nothing was uploaded for this path.</param>
public sealed record ChangeDocument(string Kind, string Path, string? FromPath, long? Size, DateTime? Modified, string? Sha256, string? LinkTarget, bool Deduplicated);

/// <summary>`list_changes --json`.</summary>
public sealed record ChangeListDocument(VersionDocument Version, IReadOnlyList<ChangeDocument> Changes);

/// <summary>`download --json`.</summary>
public sealed record DownloadDocument(
    string VersionId,
    string Target,
    string Mode,
    int FileCount,
    long Bytes,
    int Transferred,
    int Reused,
    int Removed,
    string? StampFile);

/// <summary>One problem verify found.</summary>
public sealed record VerifyProblemDocument(string? Path, string Key, string? VersionId, string Problem);

/// <summary>A manifest diff that lost a race and is not part of the history.</summary>
public sealed record SkippedVersionDocument(string VersionId, string? ParentVersionId, string? HeadVersionId);

/// <summary>`verify --json`.</summary>
public sealed record VerifyDocument(
    bool Healthy,
    int VersionsChecked,
    int ObjectsChecked,
    bool DataRead,
    IReadOnlyList<VerifyProblemDocument> Problems,
    IReadOnlyList<SkippedVersionDocument> SkippedVersions);

/// <summary>One stored object version.</summary>
public sealed record ObjectVersionDocument(string Key, string VersionId);

/// <summary>`garbage_collect --json`.</summary>
public sealed record GarbageCollectDocument(bool DryRun, int Count, long Bytes, IReadOnlyList<ObjectVersionDocument> ObjectVersions);

/// <summary>`decode --json`.</summary>
public sealed record DecodeDocument(string Kind, string? Path, long Size, string Sha256, string Output);

/// <summary>`recover --json`.</summary>
public sealed record RecoverDocument(string Target, int FileCount, int FailureCount, IReadOnlyList<string> Failures);

/// <summary>The serializer for every document: snake_case names, indented, nulls written.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(CommitDocument))]
[JsonSerializable(typeof(VersionListDocument))]
[JsonSerializable(typeof(FileListDocument))]
[JsonSerializable(typeof(ChangeListDocument))]
[JsonSerializable(typeof(DownloadDocument))]
[JsonSerializable(typeof(VerifyDocument))]
[JsonSerializable(typeof(GarbageCollectDocument))]
[JsonSerializable(typeof(DecodeDocument))]
[JsonSerializable(typeof(RecoverDocument))]
public sealed partial class CliJsonContext : JsonSerializerContext;

/// <summary>The options every document is written with: <see cref="CliJsonContext"/>'s, and non-ASCII text as it is (not \u-escaped).</summary>
public static class CliJson
{
    public static readonly CliJsonContext Context = new(new System.Text.Json.JsonSerializerOptions
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
