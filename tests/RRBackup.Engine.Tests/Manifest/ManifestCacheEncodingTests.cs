using System.Text.Json;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Manifest;
using RRBackup.Engine.Manifest.Json;

namespace RRBackup.Engine.Tests.Manifest;

/// <summary>The local manifest cache's binary encoding: it keeps every field, rejects damage, and the JSON cache of earlier versions is still read.</summary>
[TestFixture]
public sealed class ManifestCacheEncodingTests
{
    private const string Store = "local:/srv/store#manifest_diffs";

    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [Test]
    public void Every_field_reads_back_as_written()
    {
        var cache = SampleCache();
        var path = _folder.Combine("cache.bin");

        cache.Write(path);
        var read = ManifestCache.TryRead(path, Store, new RecordingLog())!;

        Assert.That(read.StoreIdentity, Is.EqualTo(cache.StoreIdentity));
        Assert.That(read.Head, Is.EqualTo(cache.Head));
        Assert.That(read.ScanTime, Is.EqualTo(cache.ScanTime));
        Assert.That(read.Unverified, Is.EquivalentTo(cache.Unverified!));
        Assert.That(read.Versions, Has.Count.EqualTo(2));
        for (var i = 0; i < 2; i++)
        {
            Assert.That(read.Versions[i] with { Labels = cache.Versions[i].Labels }, Is.EqualTo(cache.Versions[i]));
            Assert.That(read.Versions[i].Labels, Is.EquivalentTo(cache.Versions[i].Labels));
            Assert.That(read.Versions[i].Time.Offset, Is.EqualTo(cache.Versions[i].Time.Offset));
        }

        Assert.That(read.Manifest.SortedEntries, Is.EqualTo(cache.Manifest.SortedEntries));
    }

    [Test]
    public void No_unverified_set_stays_no_set()
    {
        var path = _folder.Combine("cache.bin");
        (SampleCache() with { Unverified = null }).Write(path);

        Assert.That(ManifestCache.TryRead(path, Store, new RecordingLog())!.Unverified, Is.Null);
    }

    [TestCase(0)]
    [TestCase(40)]
    [TestCase(-1)]
    public void A_damaged_byte_is_detected_and_the_cache_discarded_with_a_warning(int offset)
    {
        var path = _folder.Combine("cache.bin");
        SampleCache().Write(path);
        var bytes = File.ReadAllBytes(path);
        bytes[offset >= 0 ? offset : bytes.Length + offset] ^= 0x20;
        File.WriteAllBytes(path, bytes);
        var log = new RecordingLog();

        Assert.That(ManifestCache.TryRead(path, Store, log), Is.Null);
        Assert.That(log.Warnings.Single().Code, Is.EqualTo(ErrorCodes.CacheDiscarded));
        Assert.That(log.Warnings.Single().Message, Does.Contain(path));
    }

    [Test]
    public void A_truncated_cache_is_discarded()
    {
        var path = _folder.Combine("cache.bin");
        SampleCache().Write(path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        Assert.That(ManifestCache.TryRead(path, Store, new RecordingLog()), Is.Null);
    }

    [Test]
    public void The_json_cache_of_earlier_versions_is_still_read()
    {
        var path = _folder.Combine("cache.json");
        var cache = SampleCache();
        File.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(new CacheDocument
        {
            Format = 1,
            Store = Store,
            Head = cache.Head,
            ScanTime = cache.ScanTime,
            Unverified = [.. cache.Unverified!],
            Versions = [.. cache.Versions.Select(ManifestCodec.ToDocument)],
            Entries = [.. cache.Manifest.SortedEntries.Select(ManifestCodec.ToDocument)],
        }, ManifestJsonContext.Default.CacheDocument));

        var read = ManifestCache.TryRead(path, Store, new RecordingLog())!;

        Assert.That(read.Head, Is.EqualTo(cache.Head));
        Assert.That(read.Manifest.SortedEntries, Is.EqualTo(cache.Manifest.SortedEntries));
        Assert.That(read.Versions.Select(v => v.VersionId), Is.EqualTo(cache.Versions.Select(v => v.VersionId)));
    }

    [Test]
    public void A_cache_of_another_store_is_discarded()
    {
        var path = _folder.Combine("cache.bin");
        SampleCache().Write(path);
        var log = new RecordingLog();

        Assert.That(ManifestCache.TryRead(path, "local:/elsewhere#manifest_diffs", log), Is.Null);
        Assert.That(log.Warnings.Single().Message, Does.Contain("another store"));
    }

    [Test]
    public void Object_keys_are_kept_whether_or_not_they_are_the_paths_own()
    {
        var path = _folder.Combine("cache.bin");
        SampleCache().Write(path);

        var read = ManifestCache.TryRead(path, Store, new RecordingLog())!.Manifest;

        Assert.That(read.TryGet("/a.txt", out var own) && own.ObjectKeyIsPath && own.ObjectKey == "files/a.txt", Is.True);
        Assert.That(read.TryGet("/dir/moved.txt", out var moved) && !moved.ObjectKeyIsPath && moved.ObjectKey == "files/dir/old.txt", Is.True);
        Assert.That(read.TryGet("/dir/sub/\U0001F601 two", out var hashed) && hashed.ObjectKey == "files/" + new string('e', 64), Is.True);
        Assert.That(read.TryGet("/empty", out var empty) && !empty.HasObject && empty.ObjectKey is null && empty.ObjectVersion is null, Is.True);
    }

    [Test]
    public void Paths_that_share_a_prefix_up_to_half_a_surrogate_pair_read_back_whole()
    {
        var path = _folder.Combine("cache.bin");
        SampleCache().Write(path);

        var paths = ManifestCache.TryRead(path, Store, new RecordingLog())!.Manifest.SortedEntries.Select(e => e.Path);

        Assert.That(paths, Does.Contain("/dir/sub/\U0001F600 one").And.Contain("/dir/sub/\U0001F601 two").And.Contain("/dir/sub/\U0001F601 zwei"));
    }

    /// <summary>The binary cache of the previous release (format 2: every path and key whole) is still read.</summary>
    [Test]
    public void The_format_2_cache_of_the_previous_release_is_still_read()
    {
        var path = _folder.Combine("cache.bin");
        var cache = SampleCache();
        File.WriteAllBytes(path, Format2Bytes(cache));

        var read = ManifestCache.TryRead(path, Store, new RecordingLog())!;

        Assert.That(read.Head, Is.EqualTo(cache.Head));
        Assert.That(read.Unverified, Is.EquivalentTo(cache.Unverified!));
        Assert.That(read.Versions.Select(v => v.VersionId), Is.EqualTo(cache.Versions.Select(v => v.VersionId)));
        Assert.That(read.Manifest.SortedEntries, Is.EqualTo(cache.Manifest.SortedEntries));
    }

    [Test]
    public void A_path_that_is_not_a_backup_path_makes_the_cache_unreadable()
    {
        var path = _folder.Combine("cache.bin");
        var cache = SampleCache() with { Manifest = FileManifest.FromEntries([new ManifestEntry("x", 1, 1, new string('a', 64), "files/y", "1")]) };
        cache.Write(path);
        var log = new RecordingLog();

        Assert.That(ManifestCache.TryRead(path, Store, log), Is.Null);
        Assert.That(log.Warnings.Single().Message, Does.Contain("not a backup path"));
    }

    /// <summary>Format 2 as docs/format.md describes it, written field by field.</summary>
    private static byte[] Format2Bytes(ManifestCache cache)
    {
        using var body = new MemoryStream();
        using (var writer = new BinaryWriter(body, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write("RRBCACHE"u8);
            writer.Write(2);
            writer.Write(cache.StoreIdentity);
            writer.Write(cache.Head);
            writer.Write(cache.ScanTime.UtcTicks);
            writer.Write(cache.Unverified!.Count);
            foreach (var unverified in cache.Unverified)
            {
                writer.Write(unverified);
            }

            writer.Write(cache.Versions.Count);
            foreach (var version in cache.Versions)
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

            writer.Write(cache.Manifest.Count);
            foreach (var entry in cache.Manifest.SortedEntries)
            {
                writer.Write(entry.Path);
                writer.Write(entry.Size);
                writer.Write(entry.ModifiedNs);
                writer.Write(Convert.FromHexString(entry.Sha256));
                WriteOptional(writer, entry.ObjectKey);
                WriteOptional(writer, entry.ObjectVersion);
                WriteOptional(writer, entry.LinkTarget);
            }
        }

        var bytes = body.ToArray();
        return [.. bytes, .. System.Security.Cryptography.SHA256.HashData(bytes)];
    }

    private static void WriteOptional(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    private static ManifestCache SampleCache()
    {
        var versions = new List<VersionInfo>
        {
            new("1.0a0b0c0d", 1, null, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234), null, new Dictionary<string, string>(), 2, 10, 2),
            new("2.abcdef01", 2, "1.0a0b0c0d", new DateTimeOffset(2026, 1, 3, 3, 4, 5, TimeSpan.FromHours(2)), "nightly é",
                new Dictionary<string, string> { ["build"] = "77", ["git"] = "" }, 3, 10, 1),
        };
        var manifest = FileManifest.FromEntries(
        [
            new ManifestEntry("/a.txt", 10, 1_767_323_045_123_456_789, new string('a', 64), "files/a.txt", "1.0a0b0c0d"),
            new ManifestEntry("/empty", 0, -5, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", null, null),
            new ManifestEntry("/dir/link", 0, 7, ManifestEntry.LinkSha256("../a.txt"), null, null, "../a.txt"),
            new ManifestEntry("/dir/moved.txt", 3, 9, new string('b', 64), "files/dir/old.txt", "3.00000001"),
            new ManifestEntry("/dir/sub/\U0001F600 one", 1L << 40, 11, new string('c', 64), "files/dir/sub/\U0001F600 one", "4.1"),
            new ManifestEntry("/dir/sub/\U0001F601 two", 5, 12, new string('d', 64), "files/" + new string('e', 64), "5.2"),
            new ManifestEntry("/dir/sub/\U0001F601 zwei", 6, 13, new string('f', 64), "files/dir/sub/\U0001F601 zwei", "5.2"),
        ]);
        return new ManifestCache(Store, "2.abcdef01", new DateTimeOffset(2026, 1, 3, 3, 4, 0, TimeSpan.Zero), versions, manifest,
            new HashSet<string>(["/a.txt", "/dir/ünïcode"], StringComparer.Ordinal));
    }
}
