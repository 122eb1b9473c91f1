using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using RRBackup.Engine.Configuration;

namespace RRBackup.Engine.Manifest.Json;

/// <summary>
/// Writes manifest diffs and checkpoints straight from the entries, with the bytes the serializer would
/// write for their documents: a diff of 200,000 files then needs no document per entry (a hex hash and a
/// key string each), which was most of a large first commit's memory.
/// </summary>
internal static class ManifestJsonWriter
{
    /// <summary>About what an entry takes besides its path (which it holds twice, in the path and the key), so that the buffer seldom grows and copies.</summary>
    private const int BytesPerEntryBesidesPaths = 190;

    /// <summary>About what a key takes in a gc log: "files/" and a path of a deep tree, quoted.</summary>
    private const int BytesPerKey = 96;

    public static ArraySegment<byte> Diff(ManifestDiff diff, int format) => Write(diff.Changes.Sum(c => EstimatedSize(c.Path)), writer =>
    {
        writer.WriteStartObject();
        writer.WriteNumber("format"u8, format);
        writer.WriteNumber("sequence"u8, diff.Sequence);
        WriteOptional(writer, "parent"u8, diff.ParentVersionId);
        writer.WriteString("time"u8, diff.Time);
        writer.WriteString("scan_time"u8, diff.ScanTime);
        WriteOptional(writer, "message"u8, diff.Message);
        WriteOptional(writer, "writer"u8, diff.Writer);
        if (diff.Labels.Count > 0)
        {
            writer.WritePropertyName("labels"u8);
            JsonSerializer.Serialize(writer, new Dictionary<string, string>(diff.Labels), ManifestJsonContext.Default.DictionaryStringString);
        }

        writer.WriteStartArray("changes"u8);
        foreach (var change in diff.Changes)
        {
            WriteChange(writer, change);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    public static ArraySegment<byte> Checkpoint(ManifestHistory history, int format) => Write(history.HeadManifest.Entries.Sum(e => EstimatedSize(e.Path)), writer =>
    {
        writer.WriteStartObject();
        writer.WriteNumber("format"u8, format);
        writer.WriteString("at"u8, history.Head!.VersionId);
        writer.WriteNumber("sequence"u8, history.Head.Sequence);
        writer.WriteString("scan_time"u8, history.HeadScanTime);
        writer.WritePropertyName("versions"u8);
        JsonSerializer.Serialize(writer, history.Versions.Select(ManifestCodec.ToDocument).ToList(), ManifestJsonContext.Default.ListVersionDocument);
        writer.WriteStartArray("entries"u8);
        foreach (var entry in history.HeadManifest.SortedEntries)
        {
            writer.WriteStartObject();
            WriteEntryFields(writer, null, entry);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    /// <summary>
    /// A gc log, its keys written as they are enumerated: a first commit's keys are made one at a time
    /// instead of all being held as strings at once.
    /// </summary>
    /// <param name="keyCount">How many keys there are, to size the buffer.</param>
    public static ArraySegment<byte> GcLog(int format, string? parent, string? writerId, DateTimeOffset time, IEnumerable<string> keys, int keyCount) => Write((long)keyCount * BytesPerKey, writer =>
    {
        writer.WriteStartObject();
        writer.WriteNumber("format"u8, format);
        WriteOptional(writer, "parent"u8, parent);
        WriteOptional(writer, "writer"u8, writerId);
        writer.WriteString("time"u8, time);
        writer.WriteStartArray("keys"u8);
        foreach (var key in keys)
        {
            writer.WriteStringValue(key);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    private static long EstimatedSize(string path) => (2L * path.Length) + BytesPerEntryBesidesPaths;

    /// <summary>The bytes written, in the buffer they were written to: a large diff is not copied once more.</summary>
    /// <remarks>
    /// The writer writes straight into the sized buffer: over a stream it would gather everything in a
    /// buffer of its own, grown by doubling, and copy it over at the end (a first commit of 200,000 files
    /// allocated 128 MB for a 48 MB diff that way).
    /// </remarks>
    private static ArraySegment<byte> Write(long estimatedSize, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(Array.MaxLength, 1024L + estimatedSize));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return MemoryMarshal.TryGetArray(buffer.WrittenMemory, out var written) ? written : buffer.WrittenSpan.ToArray();
    }

    private static void WriteChange(Utf8JsonWriter writer, ManifestChange change)
    {
        writer.WriteStartObject();
        writer.WriteString("op"u8, ManifestCodec.OpName(change.Kind));
        if (change.Entry is null)
        {
            writer.WriteString("path"u8, change.Path);
            WriteOptional(writer, "from"u8, change.FromPath);
        }
        else
        {
            WriteEntryFields(writer, change.FromPath, change.Entry);
        }

        writer.WriteEndObject();
    }

    /// <summary>The entry's properties in the documents' order: path, from, size, mtime_ns, sha256, key, version, link.</summary>
    private static void WriteEntryFields(Utf8JsonWriter writer, string? from, ManifestEntry entry)
    {
        writer.WriteString("path"u8, entry.Path);
        WriteOptional(writer, "from"u8, from);

        writer.WriteNumber("size"u8, entry.Size);
        writer.WriteNumber("mtime_ns"u8, entry.ModifiedNs);
        WriteSha256(writer, entry.Digest);
        if (entry.ObjectKeyIsPath)
        {
            WriteOwnKey(writer, entry.Path);
        }
        else
        {
            WriteOptional(writer, "key"u8, entry.ObjectKey);
        }

        WriteOptional(writer, "version"u8, entry.ObjectVersion);
        WriteOptional(writer, "link"u8, entry.LinkTarget);
    }

    private static void WriteSha256(Utf8JsonWriter writer, Sha256Digest digest)
    {
        Span<byte> bytes = stackalloc byte[SHA256.HashSizeInBytes];
        digest.WriteTo(bytes);
        Span<char> hex = stackalloc char[2 * SHA256.HashSizeInBytes];
        Convert.TryToHexStringLower(bytes, hex, out _);
        writer.WriteString("sha256"u8, hex);
    }

    /// <summary>The key "files/" + path without building it as a string for every entry.</summary>
    private static void WriteOwnKey(Utf8JsonWriter writer, string path)
    {
        var length = RemoteNames.FilePrefix.Length + path.Length - 1;
        var rented = ArrayPool<char>.Shared.Rent(length);
        try
        {
            RemoteNames.FilePrefix.CopyTo(rented);
            path.AsSpan(1).CopyTo(rented.AsSpan(RemoteNames.FilePrefix.Length));
            writer.WriteString("key"u8, rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    private static void WriteOptional(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
