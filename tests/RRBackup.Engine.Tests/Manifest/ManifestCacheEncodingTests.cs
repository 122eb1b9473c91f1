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
        ]);
        return new ManifestCache(Store, "2.abcdef01", new DateTimeOffset(2026, 1, 3, 3, 4, 0, TimeSpan.Zero), versions, manifest,
            new HashSet<string>(["/a.txt", "/dir/ünïcode"], StringComparer.Ordinal));
    }
}
