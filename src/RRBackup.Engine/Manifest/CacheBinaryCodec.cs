using System.Security.Cryptography;
using System.Text;

namespace RRBackup.Engine.Manifest;

/// <summary>
/// The manifest cache's binary encoding (docs/format.md, "Local files that are not part of the remote"):
/// a magic, the format number, the fields in a fixed order, and a SHA-256 of everything before it. Read
/// and written several times faster than JSON, in about half the bytes, which is most of a no-change
/// commit's time on a large tree.
/// </summary>
internal static class CacheBinaryCodec
{
    public const int Format = 2;

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
            foreach (var entry in entries)
            {
                WriteEntry(writer, entry);
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

        using var reader = new BinaryReader(new MemoryStream(bytes, 0, body.Length, writable: false), Encoding.UTF8);
        reader.ReadBytes(Magic.Length);
        var format = reader.ReadInt32();
        if (format != Format)
        {
            problem = $"it has format {format}, not {Format}";
            return null;
        }

        var store = reader.ReadString();
        var head = reader.ReadString();
        var scanTime = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
        var unverified = ReadUnverified(reader);
        var versions = new List<VersionInfo>(reader.ReadInt32());
        for (var i = versions.Capacity; i > 0; i--)
        {
            versions.Add(ReadVersion(reader));
        }

        var count = reader.ReadInt32();
        var manifest = FileManifest.FromEntries(ReadEntries(reader, count));
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

    private static HashSet<string>? ReadUnverified(BinaryReader reader)
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

    private static VersionInfo ReadVersion(BinaryReader reader)
    {
        var id = reader.ReadString();
        var sequence = reader.ReadInt64();
        var parent = ReadOptional(reader);
        var ticks = reader.ReadInt64();
        var time = new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(reader.ReadInt16()));
        var message = ReadOptional(reader);
        var labelCount = reader.ReadInt32();
        var labels = new Dictionary<string, string>(labelCount, StringComparer.Ordinal);
        for (var i = 0; i < labelCount; i++)
        {
            labels[reader.ReadString()] = reader.ReadString();
        }

        return new VersionInfo(id, sequence, parent, time, message, labels, reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64());
    }

    private static void WriteEntry(BinaryWriter writer, ManifestEntry entry)
    {
        writer.Write(entry.Path);
        writer.Write(entry.Size);
        writer.Write(entry.ModifiedNs);
        Span<byte> sha256 = stackalloc byte[SHA256.HashSizeInBytes];
        Convert.FromHexString(entry.Sha256, sha256, out _, out _);
        writer.Write(sha256);
        WriteOptional(writer, entry.ObjectKey);
        WriteOptional(writer, entry.ObjectVersion);
        WriteOptional(writer, entry.LinkTarget);
    }

    private static IEnumerable<ManifestEntry> ReadEntries(BinaryReader reader, int count)
    {
        Span<byte> sha256 = stackalloc byte[SHA256.HashSizeInBytes];
        var entries = new ManifestEntry[count];
        for (var i = 0; i < count; i++)
        {
            var path = reader.ReadString();
            var size = reader.ReadInt64();
            var modified = reader.ReadInt64();
            reader.BaseStream.ReadExactly(sha256);
            entries[i] = new ManifestEntry(path, size, modified, Convert.ToHexStringLower(sha256),
                ReadOptional(reader), ReadOptional(reader), ReadOptional(reader));
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

    private static string? ReadOptional(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;
}
