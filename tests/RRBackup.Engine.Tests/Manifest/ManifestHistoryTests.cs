using System.Security.Cryptography;
using System.Text;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Manifest;
using RRBackup.Engine.Objects;
using RRBackup.Engine.Storage;
using RRBackup.Engine.Storage.Decorators;

namespace RRBackup.Engine.Tests.Manifest;

[TestFixture]
public sealed class ManifestHistoryTests
{
    private BackupFixture _fixture = null!;

    [SetUp]
    public void CreateFixture() => _fixture = new BackupFixture();

    [TearDown]
    public void DisposeFixture() => _fixture.Dispose();

    [Test]
    public async Task A_missing_cache_is_rebuilt_from_the_remote()
    {
        var versions = await CommitThreeVersionsAsync();
        File.Delete(_fixture.CacheFile);

        var listed = await _fixture.Engine().ListVersionsAsync();

        Assert.That(listed.Select(v => v.VersionId), Is.EqualTo(versions));
        Assert.That(File.Exists(_fixture.CacheFile), Is.True);
    }

    [Test]
    public async Task A_cache_that_is_behind_folds_only_the_missing_diffs()
    {
        _fixture.Write("a.txt", "1");
        await _fixture.CommitAsync();
        var oldCache = File.ReadAllBytes(_fixture.CacheFile);
        _fixture.Write("b.txt", "2");
        await _fixture.CommitAsync();
        _fixture.Write("c.txt", "3");
        await _fixture.CommitAsync();
        File.WriteAllBytes(_fixture.CacheFile, oldCache);
        _fixture.Store.Reset();

        _fixture.Write("d.txt", "4");
        var result = await _fixture.CommitAsync();

        Assert.That(result.Sequence, Is.EqualTo(4));
        Assert.That(result.FileCount, Is.EqualTo(4));
        Assert.That(_fixture.Store.Count(StoreOperationKind.Get, "manifest_diffs"), Is.EqualTo(2), "only the two diffs the cache lacked are read");
        Assert.That(_fixture.Log.Warnings, Is.Empty);
    }

    [Test]
    public async Task A_cache_of_another_history_is_discarded_with_a_warning_naming_both_heads()
    {
        var versions = await CommitThreeVersionsAsync();
        using var other = new BackupFixture();
        other.Write("x.txt", "x");
        var foreignHead = (await other.CommitAsync()).VersionId!;
        // The other history's cache, claiming to be this store's.
        var mine = CacheBinaryCodec.Read(File.ReadAllBytes(_fixture.CacheFile), out _)!;
        var theirs = CacheBinaryCodec.Read(File.ReadAllBytes(other.CacheFile), out _)!;
        (theirs with { StoreIdentity = mine.StoreIdentity }).Write(_fixture.CacheFile);

        var files = await _fixture.Engine().ListFilesAsync("latest");

        Assert.That(files.Version.VersionId, Is.EqualTo(versions[^1]));
        var warning = _fixture.Log.Warnings.Single();
        Assert.That(warning.Code, Is.EqualTo(ErrorCodes.CacheDiscarded));
        Assert.That(warning.Message, Does.Contain(foreignHead).And.Contain(versions[^1]));
    }

    [Test]
    public async Task A_corrupt_cache_is_discarded_with_a_warning()
    {
        var versions = await CommitThreeVersionsAsync();
        File.WriteAllText(_fixture.CacheFile, "{ not json");

        var listed = await _fixture.Engine().ListVersionsAsync();

        Assert.That(listed.Select(v => v.VersionId), Is.EqualTo(versions));
        Assert.That(_fixture.Log.Warnings.Single().Code, Is.EqualTo(ErrorCodes.CacheDiscarded));
    }

    [Test]
    public async Task A_diff_that_lost_a_race_is_skipped_and_reported_with_the_versions_involved()
    {
        var versions = await CommitThreeVersionsAsync();
        var forked = await ReadRawDiffAsync(versions[2]);
        var json = Encoding.UTF8.GetString(forked).Replace($"\"sequence\":3,\"parent\":\"{versions[1]}\"", $"\"sequence\":2,\"parent\":\"{versions[0]}\"", StringComparison.Ordinal);
        var forkId = await PutDiffAsync(Encoding.UTF8.GetBytes(json));
        File.Delete(_fixture.CacheFile);

        var listed = await _fixture.Engine().ListVersionsAsync();

        Assert.That(listed.Select(v => v.VersionId), Is.EqualTo(versions), "the loser is not part of the history");
        var warning = _fixture.Log.Warnings.Single(w => w.Code == ErrorCodes.LostRace);
        Assert.That(warning.Message, Does.Contain(forkId).And.Contain(versions[0]).And.Contain(versions[2]));
    }

    [Test]
    public async Task A_diff_on_the_right_parent_with_the_wrong_sequence_is_a_broken_chain()
    {
        var versions = await CommitThreeVersionsAsync();
        var raw = await ReadRawDiffAsync(versions[2]);
        var json = Encoding.UTF8.GetString(raw).Replace($"\"sequence\":3,\"parent\":\"{versions[1]}\"", $"\"sequence\":7,\"parent\":\"{versions[2]}\"", StringComparison.Ordinal);
        var badId = await PutDiffAsync(Encoding.UTF8.GetBytes(json));
        File.Delete(_fixture.CacheFile);

        var error = await Assert.ThrowsAsync<RRBackupException>(() => _fixture.Engine().ListVersionsAsync());

        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.ChainBroken));
        Assert.That(error.Message, Does.Contain(badId).And.Contain(versions[2]));
    }

    [Test]
    public async Task A_corrupt_manifest_diff_is_reported_naming_it()
    {
        var versions = await CommitThreeVersionsAsync();
        var path = Directory.GetFiles(_fixture.StorePath, versions[1], SearchOption.AllDirectories).Single();
        var bytes = File.ReadAllBytes(path);
        bytes[^5] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        File.Delete(_fixture.CacheFile);

        var error = await Assert.ThrowsAsync<RRBackupException>(() => _fixture.Engine().ListVersionsAsync());

        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.ObjectCorrupt));
        Assert.That(error.Message, Does.Contain("manifest_diffs").And.Contain(versions[1]));
    }

    [Test]
    public async Task Versions_resolve_by_latest_id_prefix_and_label()
    {
        var versions = await CommitThreeVersionsAsync();
        var engine = _fixture.Engine();

        Assert.That((await engine.ListFilesAsync("latest")).Version.VersionId, Is.EqualTo(versions[2]));
        Assert.That((await engine.ListFilesAsync(versions[1])).Version.VersionId, Is.EqualTo(versions[1]));
        Assert.That((await engine.ListFilesAsync(versions[0][..4])).Version.VersionId, Is.EqualTo(versions[0]));
        Assert.That((await engine.ListFilesAsync("label:n=2")).Version.VersionId, Is.EqualTo(versions[1]));
        var unknown = await Assert.ThrowsAsync<RRBackupException>(() => engine.ListFilesAsync("nope"));
        Assert.That(unknown!.Kind, Is.EqualTo(ErrorKind.VersionNotFound));
        var ambiguous = await Assert.ThrowsAsync<RRBackupException>(() => engine.ListFilesAsync(""));
        Assert.That(ambiguous!.Kind, Is.EqualTo(ErrorKind.VersionNotFound));
    }

    private async Task<List<string>> CommitThreeVersionsAsync()
    {
        var versions = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            _fixture.Write($"file{i}.txt", $"contents {i}");
            var labels = new Dictionary<string, string> { ["n"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            versions.Add((await _fixture.CommitAsync(new Engine.Commit.CommitOptions { Labels = labels })).VersionId!);
        }

        return versions;
    }

    private async Task<byte[]> ReadRawDiffAsync(string versionId)
    {
        var stream = await _fixture.Store.GetAsync("manifest_diffs", versionId, CancellationToken.None);
        await using (stream)
        {
            await ObjectHeader.ReadAsync(stream, "manifest_diffs", versionId, CancellationToken.None);
            using var body = new MemoryStream();
            await stream.CopyToAsync(body);
            return body.ToArray();
        }
    }

    private async Task<string> PutDiffAsync(byte[] json)
    {
        var header = new ObjectHeader { Kind = ObjectKind.ManifestDiff, ContentSha256 = SHA256.HashData(json) }.Encode();
        using var stream = new MemoryStream([.. header, .. json]);
        return await _fixture.Store.PutAsync("manifest_diffs", stream, PutDurability.Immediate, CancellationToken.None);
    }
}
