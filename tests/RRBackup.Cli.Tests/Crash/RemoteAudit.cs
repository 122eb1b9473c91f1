using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace RRBackup.Cli.Tests.Crash;

/// <summary>One object version as the store holds it, read behind rrbackup's back.</summary>
public sealed record RawVersion(string Key, string VersionId, bool IsDeleteMarker, long Size);

/// <summary>A store read without rrbackup: the local store's folder, or an S3 bucket through the SDK.</summary>
public interface IRawRemote
{
    string Name { get; }

    /// <summary>Every version of every key, each key's versions oldest first.</summary>
    Task<List<RawVersion>> ListAsync();

    Task<byte[]> ReadAsync(string key, string versionId);
}

/// <summary>
/// The local store's folder read by docs/format.md, "The local store on disk": keys/&lt;escaped segments&gt;/~v/&lt;sequence&gt;.&lt;random&gt;[~].
/// </summary>
public sealed class LocalRawRemote(string storeFolder) : IRawRemote
{
    public string Name => $"local store '{storeFolder}'";

    public string Folder => storeFolder;

    public Task<List<RawVersion>> ListAsync()
    {
        var keysRoot = Path.Combine(storeFolder, "keys");
        var all = new List<RawVersion>();
        if (!Directory.Exists(keysRoot))
        {
            return Task.FromResult(all);
        }

        foreach (var versions in Directory.EnumerateDirectories(keysRoot, "~v", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var keyFolder = Path.GetDirectoryName(versions)!;
            var key = string.Join('/', Path.GetRelativePath(keysRoot, keyFolder).Split(Path.DirectorySeparatorChar).Select(Unescape));
            var found = new List<(long Sequence, string Id, bool Marker, long Size)>();
            foreach (var file in Directory.EnumerateFiles(versions))
            {
                var name = Path.GetFileName(file);
                var marker = name.EndsWith('~');
                var id = marker ? name[..^1] : name;
                var dot = id.IndexOf('.', StringComparison.Ordinal);
                if (dot <= 0 || !long.TryParse(id[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
                {
                    continue; // ~lock and anything else that is not a version
                }

                found.Add((sequence, id, marker, new FileInfo(file).Length));
            }

            all.AddRange(found.OrderBy(f => f.Sequence).ThenBy(f => f.Id, StringComparer.Ordinal).Select(f => new RawVersion(key, f.Id, f.Marker, f.Size)));
        }

        return Task.FromResult(all);
    }

    public Task<byte[]> ReadAsync(string key, string versionId) => Task.FromResult(File.ReadAllBytes(VersionFile(key, versionId)));

    /// <summary>The file that holds a version (data versions only).</summary>
    public string VersionFile(string key, string versionId) => Path.Combine(KeyFolder(key), "~v", versionId);

    public string KeyFolder(string key) => Path.Combine([storeFolder, "keys", .. key.Split('/').Select(Escape)]);

    /// <summary>Files and folders waiting in tmp/ (a killed put leaves its temporary file, or for a new key its temporary folder; prepare removes those older than an hour).</summary>
    public int TemporaryFiles => Directory.Exists(Path.Combine(storeFolder, "tmp")) ? Directory.GetFileSystemEntries(Path.Combine(storeFolder, "tmp")).Length : 0;

    private static string Unescape(string segment) => segment == "%" ? "" : Uri.UnescapeDataString(segment);

    private static string Escape(string segment)
    {
        if (segment.Length == 0)
        {
            return "%";
        }

        var escaped = segment.Replace("%", "%25", StringComparison.Ordinal);
        return escaped[0] switch
        {
            '.' => "%2E" + escaped[1..],
            '~' => "%7E" + escaped[1..],
            _ => escaped,
        };
    }
}

/// <summary>An S3 bucket read through the SDK.</summary>
public sealed class S3RawRemote(CrashS3 server, string bucket) : IRawRemote
{
    public string Name => $"bucket '{bucket}'";

    public async Task<List<RawVersion>> ListAsync()
    {
        var listed = await server.ListAllVersionsAsync(bucket);
        // S3 lists keys in order and each key's versions newest first.
        return [.. listed.GroupBy(v => v.Key).SelectMany(g => g.Reverse()).Select(v => new RawVersion(v.Key, v.VersionId, v.IsDeleteMarker ?? false, v.Size ?? 0))];
    }

    public Task<byte[]> ReadAsync(string key, string versionId) => server.GetBytesAsync(bucket, key, versionId);
}

/// <summary>One change of a manifest diff as stored.</summary>
public sealed record RawChange(string Op, string Path, string? From, long? Size, string? Sha256, string? Key, string? Version);

/// <summary>One manifest diff as stored, parsed from its bytes by docs/format.md (plain meta pipeline only).</summary>
public sealed record RawDiff(string VersionId, long Sequence, string? Parent, IReadOnlyList<RawChange> Entries)
{
    /// <summary>The manifest (path → change that put it there) after each diff of a chain, folded by docs/format.md, "The manifest of a version".</summary>
    public static Dictionary<string, Dictionary<string, RawChange>> FoldEach(IEnumerable<RawDiff> chain)
    {
        var manifests = new Dictionary<string, Dictionary<string, RawChange>>(StringComparer.Ordinal);
        var manifest = new Dictionary<string, RawChange>(StringComparer.Ordinal);
        foreach (var diff in chain)
        {
            foreach (var change in diff.Entries)
            {
                switch (change.Op)
                {
                    case "delete":
                        Assert.That(manifest.Remove(change.Path), Is.True, $"diff {diff.VersionId} deletes '{change.Path}', which is not present");
                        break;
                    case "move":
                        Assert.That(manifest.Remove(change.From!), Is.True, $"diff {diff.VersionId} moves '{change.From}', which is not present");
                        manifest[change.Path] = change;
                        break;
                    default:
                        manifest[change.Path] = change;
                        break;
                }
            }

            manifests[diff.VersionId] = new Dictionary<string, RawChange>(manifest, StringComparer.Ordinal);
        }

        return manifests;
    }
}

/// <summary>
/// What a store holds, worked out without rrbackup: the valid chain of manifest diffs (each naming the
/// previous valid one as its parent, in the store's order), the diffs outside it, which file-object
/// versions the chain references, and what is left over.
/// </summary>
public sealed record RemoteAudit(
    IReadOnlyList<RawDiff> Chain,
    IReadOnlyList<RawDiff> Losers,
    IReadOnlyList<(string Key, string Version)> Unreferenced,
    IReadOnlyList<(string Key, string Version)> Missing,
    IReadOnlyList<RawVersion> GcLogs,
    IReadOnlyList<RawVersion> GarbageLogs,
    int FileObjectVersions)
{
    public const string DiffKey = "manifest_diffs";

    public static async Task<RemoteAudit> RunAsync(IRawRemote remote)
    {
        var all = await remote.ListAsync();
        var chain = new List<RawDiff>();
        var losers = new List<RawDiff>();
        foreach (var version in all.Where(v => v.Key == DiffKey && !v.IsDeleteMarker))
        {
            var diff = ParseDiff(version.VersionId, await remote.ReadAsync(DiffKey, version.VersionId));
            if (diff.Parent == (chain.Count == 0 ? null : chain[^1].VersionId))
            {
                Assert.That(diff.Sequence, Is.EqualTo(chain.Count + 1), $"{remote.Name}: diff '{diff.VersionId}' names the head as parent but has sequence {diff.Sequence}");
                chain.Add(diff);
            }
            else
            {
                losers.Add(diff);
            }
        }

        var referenced = chain.SelectMany(d => d.Entries).Where(e => e.Op != "delete" && e.Key is not null && e.Version is not null)
            .Select(e => (e.Key!, e.Version!)).ToHashSet();
        var stored = all.Where(v => v.Key.StartsWith("files/", StringComparison.Ordinal)).Select(v => (v.Key, v.VersionId)).ToList();
        return new RemoteAudit(
            chain,
            losers,
            [.. stored.Where(s => !referenced.Contains(s))],
            [.. referenced.Where(r => !stored.Contains(r))],
            [.. all.Where(v => v.Key == "gc_log")],
            [.. all.Where(v => v.Key == "garbage_log")],
            stored.Count);
    }

    /// <summary>Asserts that nothing is left over: every file-object version is referenced, every reference exists, no gc log or garbage log remains.</summary>
    public void AssertClean(string what)
    {
        Assert.That(Unreferenced.Select(u => $"{u.Key}@{u.Version}"), Is.Empty, $"{what}: unreferenced object versions remain");
        Assert.That(Missing.Select(u => $"{u.Key}@{u.Version}"), Is.Empty, $"{what}: referenced object versions are missing");
        Assert.That(GcLogs.Select(g => g.VersionId), Is.Empty, $"{what}: gc log versions remain");
        Assert.That(GarbageLogs.Select(g => g.VersionId), Is.Empty, $"{what}: garbage log versions remain");
    }

    /// <summary>Parses a plain manifest diff object: header 'RRBK' 01 02, fields, then the JSON whose SHA-256 field 05 holds.</summary>
    public static RawDiff ParseDiff(string versionId, byte[] bytes)
    {
        var (kind, fields, body) = ParseObject(bytes);
        Assert.That(kind, Is.EqualTo(2), $"diff '{versionId}' is not of kind 02");
        Assert.That(fields.GetValueOrDefault<byte, byte[]>(1, [0]), Is.EqualTo(new byte[] { 0 }), $"diff '{versionId}' is compressed; the audit reads plain diffs only");
        Assert.That(fields.GetValueOrDefault<byte, byte[]>(2, [0]), Is.EqualTo(new byte[] { 0 }), $"diff '{versionId}' is encrypted; the audit reads plain diffs only");
        Assert.That(fields.GetValueOrDefault<byte, byte[]>(5), Is.EqualTo(SHA256.HashData(body)), $"diff '{versionId}' does not match its content hash");
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var entries = new List<RawChange>();
        foreach (var change in root.GetProperty("changes").EnumerateArray())
        {
            var size = change.TryGetProperty("size", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt64() : (long?)null;
            entries.Add(new RawChange(Text(change, "op")!, Text(change, "path")!, Text(change, "from"), size, Text(change, "sha256"), Text(change, "key"), Text(change, "version")));
        }

        return new RawDiff(versionId, root.GetProperty("sequence").GetInt64(), Text(root, "parent"), entries);
    }

    /// <summary>Splits an object into its kind, its header fields and its body.</summary>
    public static (byte Kind, Dictionary<byte, byte[]> Fields, byte[] Body) ParseObject(byte[] bytes)
    {
        Assert.That(bytes.Length, Is.GreaterThanOrEqualTo(8), "an object shorter than its header");
        Assert.That(Encoding.ASCII.GetString(bytes, 0, 4), Is.EqualTo("RRBK"), "an object without the RRBK magic");
        Assert.That(bytes[4], Is.EqualTo(1), "an object of another format version");
        var length = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6));
        var fields = new Dictionary<byte, byte[]>();
        var at = 8;
        while (at < 8 + length)
        {
            var tag = bytes[at];
            var size = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at + 1));
            fields[tag] = bytes.AsSpan(at + 3, size).ToArray();
            at += 3 + size;
        }

        return (bytes[5], fields, bytes[(8 + length)..]);
    }

    /// <summary>A plain manifest diff object around <paramref name="json"/>: 'RRBK' 01 02, fields 01=00, 02=00, 05=SHA-256(json).</summary>
    public static byte[] PlainDiffObject(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var header = new List<byte>();
        header.AddRange("RRBK"u8.ToArray());
        header.Add(0x01); // format version
        header.Add(0x02); // manifest diff
        header.AddRange(new byte[] { 43, 0 }); // field area: 4 + 4 + 35 bytes
        header.AddRange(new byte[] { 0x01, 0x01, 0x00, 0x00 }); // no compression
        header.AddRange(new byte[] { 0x02, 0x01, 0x00, 0x00 }); // no encryption
        header.AddRange(new byte[] { 0x05, 0x20, 0x00 });
        header.AddRange(SHA256.HashData(body));
        return [.. header, .. body];
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
