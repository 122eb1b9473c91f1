using System.Security.Cryptography;
using System.Text;

namespace RRBackup.Engine.Manifest;

/// <summary>
/// The manifest cache's binary encoding (docs/format.md, "Local files that are not part of the remote"):
/// a magic, the format number, the fields in a fixed order, and a SHA-256 of everything before it. Read
/// and written several times faster than JSON, in about a third of the bytes, which is most of a no-change
/// commit's time on a large tree. Format 3 stores each path as what it shares with the previous one and
/// the rest, and an object key only when it is not the path's own; format 2, which stored both whole, is
/// still read.
/// </summary>
internal static class CacheBinaryCodec
{
    public const int Format = 3;

    private const int PathsWholeFormat = 2;

    private static readonly byte[] Magic = "RRBCACHE"u8.ToArray();

    /// <summary>Whether the file's first bytes are this encoding's magic (else it may be the older JSON cache).</summary>
    public static bool HasMagic(ReadOnlySpan<byte> start) => start.StartsWith(Magic);

    public static void Write(Stream output, ManifestCache cache)
    {
        using var sha = SHA256.Create();
        using (var hashing = new CryptoStream(output, sha, CryptoStreamMode.Write, leaveOpen: true))
        using (var buffered = new BufferedStream(hashing, 1 << 16))
        using (var writer = new BinaryWriter(buffered, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Format);
            writer.Write(cache.StoreIdentity);
            writer.Write(cache.Head);
            writer.Write(cache.ScanTime.UtcTicks);
            WriteUnverified(writer, cache.Unverified);
            writer.Write(cache.Versions.Count);
            foreach (var version in cache.Versions)
            {
                WriteVersion(writer, version);
            }

            var entries = cache.Manifest.SortedEntries;
            writer.Write(entries.Count);
            var previousPath = "";
            foreach (var entry in entries)
            {
                WriteEntry(writer, entry, previousPath);
                previousPath = entry.Path;
            }
        }

        output.Write(sha.Hash);
    }

    /// <returns>The cache, or null with <paramref name="problem"/> set when the bytes are not a whole, intact cache.</returns>
    public static ManifestCache? Read(byte[] bytes, out string? problem)
    {
        const int DigestSize = SHA256.HashSizeInBytes;
        if (bytes.Length < Magic.Length + sizeof(int) + DigestSize || !HasMagic(bytes))
        {
            problem = "it is too short to be a manifest cache";
            return null;
        }

        var body = bytes.AsSpan(0, bytes.Length - DigestSize);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - DigestSize)))
        {
            problem = "its checksum does not match its contents (truncated or damaged)";
            return null;
        }

        var reader = new CacheSpanReader(body);
        reader.Skip(Magic.Length);
        var format = reader.ReadInt32();
        if (format is not (Format or PathsWholeFormat))
        {
            problem = $"it has format {format}, not {Format}";
            return null;
        }

        var store = reader.ReadString();
        var head = reader.ReadString();
        var scanTime = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
        var unverified = ReadUnverified(ref reader);
        var versions = new List<VersionInfo>(reader.ReadInt32());
        for (var i = versions.Capacity; i > 0; i--)
        {
            versions.Add(ReadVersion(ref reader));
        }

        var count = reader.ReadInt32();
        var manifest = format == Format ? FileManifest.FromSortedEntries(ReadEntries(ref reader, count)) : FileManifest.FromEntries(ReadWholePathEntries(ref reader, count));
        problem = null;
        return new ManifestCache(store, head, scanTime, versions, manifest, unverified);
    }

    private static void WriteUnverified(BinaryWriter writer, IReadOnlySet<string>? unverified)
    {
        writer.Write(unverified?.Count ?? -1);
        foreach (var path in unverified?.Order(StringComparer.Ordinal) ?? Enumerable.Empty<string>())
        {
            writer.Write(path);
        }
    }

    private static HashSet<string>? ReadUnverified(ref CacheSpanReader reader)
    {
        var count = reader.ReadInt32();
        if (count < 0)
        {
            return null;
        }

        var paths = new HashSet<string>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            paths.Add(reader.ReadString());
        }

        return paths;
    }

    private static void WriteVersion(BinaryWriter writer, VersionInfo version)
    {
        writer.Write(version.VersionId);
        writer.Write(version.Sequence);
        WriteOptional(writer, version.ParentVersionId);
        writer.Write(version.Time.UtcTicks);
        writer.Write((short)version.Time.Offset.TotalMinutes);
        WriteOptional(writer, version.Message);
        writer.Write(version.Labels.Count);
        foreach (var (key, value) in version.Labels)
        {
            writer.Write(key);
            writer.Write(value);
        }

        writer.Write(version.FileCount);
        writer.Write(version.TotalBytes);
        writer.Write(version.ChangeCount);
    }

    private static VersionInfo ReadVersion(ref CacheSpanReader reader)
    {
        var id = reader.ReadString();
        var sequence = reader.ReadInt64();
        var parent = reader.ReadOptionalString();
        var ticks = reader.ReadInt64();
        var time = new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(reader.ReadInt16()));
        var message = reader.ReadOptionalString();
        var labelCount = reader.ReadInt32();
        var labels = new Dictionary<string, string>(labelCount, StringComparer.Ordinal);
        for (var i = 0; i < labelCount; i++)
        {
            labels[reader.ReadString()] = reader.ReadString();
        }

        return new VersionInfo(id, sequence, parent, time, message, labels, reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64());
    }

    [Flags]
    private enum EntryFields : byte
    {
        None = 0,
        ObjectKey = 1,
        ObjectKeyIsPath = 2,
        ObjectVersion = 4,
        LinkTarget = 8,
    }

    private static void WriteEntry(BinaryWriter writer, ManifestEntry entry, string previousPath)
    {
        var shared = SharedPrefixLength(previousPath, entry.Path);
        writer.Write7BitEncodedInt(shared);
        writer.Write(entry.Path[shared..]);
        writer.Write7BitEncodedInt64(entry.Size);
        writer.Write(entry.ModifiedNs);
        Span<byte> sha256 = stackalloc byte[SHA256.HashSizeInBytes];
        entry.Digest.WriteTo(sha256);
        writer.Write(sha256);
        var fields = (entry.ObjectKeyIsPath ? EntryFields.ObjectKeyIsPath : entry.ObjectKey is null ? EntryFields.None : EntryFields.ObjectKey)
            | (entry.ObjectVersion is null ? EntryFields.None : EntryFields.ObjectVersion)
            | (entry.LinkTarget is null ? EntryFields.None : EntryFields.LinkTarget);
        writer.Write((byte)fields);
        WriteIf(writer, fields, EntryFields.ObjectKey, entry.ObjectKey);
        WriteIf(writer, fields, EntryFields.ObjectVersion, entry.ObjectVersion);
        WriteIf(writer, fields, EntryFields.LinkTarget, entry.LinkTarget);
    }

    private static void WriteIf(BinaryWriter writer, EntryFields fields, EntryFields field, string? value)
    {
        if ((fields & field) != 0)
        {
            writer.Write(value!);
        }
    }

    /// <summary>How many leading characters two paths share, never ending between the halves of a surrogate pair (UTF-8 cannot hold half of one).</summary>
    private static int SharedPrefixLength(string previous, string path)
    {
        var shared = previous.AsSpan().CommonPrefixLength(path);
        return shared > 0 && char.IsHighSurrogate(path[shared - 1]) ? shared - 1 : shared;
    }

    private static ManifestEntry[] ReadEntries(ref CacheSpanReader reader, int count)
    {
        var entries = new ManifestEntry[count];
        var path = "";
        for (var i = 0; i < count; i++)
        {
            path = reader.ReadStringAfter(path);
            var size = reader.Read7BitEncodedInt64();
            var modified = reader.ReadInt64();
            var digest = Sha256Digest.FromBytes(reader.ReadBytes(SHA256.HashSizeInBytes));
            var fields = (EntryFields)reader.ReadByte();
            var keyIsPath = (fields & EntryFields.ObjectKeyIsPath) != 0;
            var key = (fields & EntryFields.ObjectKey) != 0 ? reader.ReadString() : null;
            var version = (fields & EntryFields.ObjectVersion) != 0 ? reader.ReadString() : null;
            var link = (fields & EntryFields.LinkTarget) != 0 ? reader.ReadString() : null;
            RequireValidPath(path);
            entries[i] = new ManifestEntry(path, size, modified, digest, keyIsPath, key, version, link);
        }

        return entries;
    }

    /// <summary>A path that is not a backup path would make the path's own object key meaningless: the cache is damaged.</summary>
    private static void RequireValidPath(string path)
    {
        if (path.Length < 2 || path[0] != '/')
        {
            throw new FormatException($"it holds the path '{path}', which is not a backup path");
        }
    }

    private static ManifestEntry[] ReadWholePathEntries(ref CacheSpanReader reader, int count)
    {
        var entries = new ManifestEntry[count];
        for (var i = 0; i < count; i++)
        {
            var path = reader.ReadString();
            var size = reader.ReadInt64();
            var modified = reader.ReadInt64();
            var digest = Sha256Digest.FromBytes(reader.ReadBytes(SHA256.HashSizeInBytes));
            entries[i] = new ManifestEntry(path, size, modified, digest, reader.ReadOptionalString(), reader.ReadOptionalString(), reader.ReadOptionalString());
        }

        return entries;
    }

    private static void WriteOptional(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }
}
