using System.Text.Json;
using RRBackup.Engine.Errors;

namespace RRBackup.Engine.Manifest.Json;

/// <summary>Turns diffs, entries and the gc log into their stored JSON and back, checking what it reads.</summary>
internal static class ManifestCodec
{
    public const int DiffFormat = 1;
    public const int GcLogFormat = 1;

    private static readonly Dictionary<ChangeKind, string> OpNames = new()
    {
        [ChangeKind.Added] = "add",
        [ChangeKind.Changed] = "change",
        [ChangeKind.Deleted] = "delete",
        [ChangeKind.Moved] = "move",
        [ChangeKind.Touched] = "touch",
    };

    private static readonly Dictionary<string, ChangeKind> OpsByName =
        OpNames.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public static ArraySegment<byte> EncodeDiff(ManifestDiff diff) => ManifestJsonWriter.Diff(diff, DiffFormat);

    /// <summary>The name a change's kind has in the stored JSON ("add", "change", ...).</summary>
    public static string OpName(ChangeKind kind) => OpNames[kind];

    public static ManifestDiff DecodeDiff(byte[] json, string key, string versionId) => ManifestJsonReader.ReadDiff(json, key, versionId);

    /// <summary>The checks of a diff's own fields, whatever read them.</summary>
    public static DiffDocument CheckDiffDocument(DiffDocument document, string key, string versionId)
    {
        if (document.Format != DiffFormat)
        {
            throw new RRBackupException(ErrorCodes.UnsupportedFormat, ErrorKind.Data,
                $"manifest diff '{key}' version '{versionId}' has format {document.Format}, which this rrbackup cannot read");
        }

        if (document.Sequence < 1)
        {
            throw Error.Corrupt(key, versionId, $"its sequence number {document.Sequence} is not positive");
        }

        return document;
    }

    public static VersionDocument ToDocument(VersionInfo v) => new()
    {
        Id = v.VersionId,
        Sequence = v.Sequence,
        Parent = v.ParentVersionId,
        Time = v.Time,
        Message = v.Message,
        Labels = v.Labels.Count == 0 ? null : new Dictionary<string, string>(v.Labels),
        Files = v.FileCount,
        Bytes = v.TotalBytes,
        Changes = v.ChangeCount,
    };

    public static VersionInfo FromDocument(VersionDocument d) =>
        new(d.Id, d.Sequence, d.Parent, d.Time, d.Message, d.Labels ?? [], d.Files, d.Bytes, d.Changes);

    public static EntryDocument ToDocument(ManifestEntry entry) => new()
    {
        Path = entry.Path,
        Size = entry.Size,
        MtimeNs = entry.ModifiedNs,
        Sha256 = entry.Sha256,
        Key = entry.ObjectKey,
        Version = entry.ObjectVersion,
        Link = entry.LinkTarget,
    };

    public static ManifestEntry FromDocument(EntryDocument document, string key, string versionId)
    {
        RequireValidPath(document.Path, key, versionId);
        if (document.Size is not { } size || size < 0 || document.MtimeNs is not { } mtime || document.Sha256 is not { Length: 64 } sha256 || !IsHex(sha256))
        {
            throw Error.Corrupt(key, versionId, $"its entry for '{document.Path}' lacks a valid size, mtime_ns or sha256");
        }

        if ((size > 0) != (document.Key is not null && document.Version is not null))
        {
            throw Error.Corrupt(key, versionId, $"its entry for '{document.Path}' must name an object exactly when the file is not empty");
        }

        if (document.Link is not null && (size != 0 || document.Link.Length == 0 || document.Link.Contains('\0') || sha256 != ManifestEntry.LinkSha256(document.Link)))
        {
            throw Error.Corrupt(key, versionId, $"its link entry for '{document.Path}' is not valid");
        }

        return new ManifestEntry(document.Path, size, mtime, sha256, document.Key, document.Version, document.Link);
    }

    public static ManifestChange ChangeFromDocument(EntryDocument document, string key, string versionId)
    {
        if (document.Op is null || !OpsByName.TryGetValue(document.Op, out var kind))
        {
            throw Error.Corrupt(key, versionId, $"it holds a change with unknown op '{document.Op}' for '{document.Path}'");
        }

        if (kind == ChangeKind.Deleted)
        {
            RequireValidPath(document.Path, key, versionId);
            return ManifestChange.Deleted(document.Path);
        }

        var entry = FromDocument(document, key, versionId);
        if (kind == ChangeKind.Moved)
        {
            RequireValidPath(document.From, key, versionId);
            return ManifestChange.Moved(document.From!, entry);
        }

        return new ManifestChange(kind, entry.Path, entry);
    }

    private static bool IsHex(string text) => !text.AsSpan().ContainsAnyExcept(HexDigits);

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>A stored path must be '/'-rooted with no empty, '.' or '..' segment: anything else is corrupt or hostile.</summary>
    private static void RequireValidPath(string? path, string key, string versionId)
    {
        if (!BackupPath.IsValid(path))
        {
            throw Error.Corrupt(key, versionId, $"it names the invalid path '{path}'");
        }
    }

    public static T Deserialize<T>(byte[] json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, string key, string? versionId)
    {
        try
        {
            return JsonSerializer.Deserialize(json, typeInfo)
                ?? throw Error.Corrupt(key, versionId, "it holds JSON null");
        }
        catch (JsonException e)
        {
            throw Error.Corrupt(key, versionId, $"its JSON is not valid ({e.Message})", e);
        }
    }
}
