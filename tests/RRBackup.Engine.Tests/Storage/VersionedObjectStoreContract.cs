using System.Text;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Storage;

namespace RRBackup.Engine.Tests.Storage;

/// <summary>What every <see cref="IVersionedObjectStore"/> must do; each implementation runs these against a real store.</summary>
public abstract class VersionedObjectStoreContract
{
    private IVersionedObjectStore _store = null!;

    /// <summary>A new, empty store that is not yet prepared.</summary>
    protected abstract Task<IVersionedObjectStore> CreateStoreAsync();

    /// <summary>Removes what <see cref="CreateStoreAsync"/> made.</summary>
    protected virtual Task DestroyStoreAsync(IVersionedObjectStore store) => Task.CompletedTask;

    protected IVersionedObjectStore Store => _store;

    [SetUp]
    public async Task CreateAndPrepareStore()
    {
        _store = await CreateStoreAsync();
        await _store.PrepareAsync(CancellationToken.None);
    }

    [TearDown]
    public async Task DestroyStore()
    {
        await DestroyStoreAsync(_store);
        await _store.DisposeAsync();
    }

    [Test]
    public async Task A_put_returns_a_version_that_reads_back_the_same_bytes()
    {
        var version = await PutAsync("a/b.txt", "hello");

        Assert.That(await ReadAsync("a/b.txt", version), Is.EqualTo("hello"));
        Assert.That(await ReadAsync("a/b.txt", null), Is.EqualTo("hello"));
    }

    [Test]
    public async Task Two_puts_of_one_key_keep_both_versions_in_write_order()
    {
        var first = await PutAsync("key", "one");
        var second = await PutAsync("key", "two");

        var versions = await Store.ListVersionsAsync("key", CancellationToken.None);

        Assert.That(first, Is.Not.EqualTo(second));
        Assert.That(versions.Select(v => v.VersionId), Is.EqualTo(new[] { first, second }));
        Assert.That(versions.Select(v => v.Size), Is.EqualTo(new long[] { 3, 3 }));
        Assert.That(versions.All(v => !v.IsDeleteMarker && v.Key == "key"), Is.True);
        Assert.That(await ReadAsync("key", first), Is.EqualTo("one"));
        Assert.That(await ReadAsync("key", null), Is.EqualTo("two"));
    }

    [Test]
    public async Task Listing_a_key_with_no_versions_is_empty()
    {
        await PutAsync("other", "x");

        Assert.That(await Store.ListVersionsAsync("missing", CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task Listing_one_key_does_not_include_keys_it_is_a_prefix_of()
    {
        await PutAsync("files/a", "1");
        await PutAsync("files/ab", "2");
        await PutAsync("files/a/b", "3");

        var versions = await Store.ListVersionsAsync("files/a", CancellationToken.None);

        Assert.That(versions, Has.Count.EqualTo(1));
        Assert.That(versions[0].Key, Is.EqualTo("files/a"));
    }

    [Test]
    public async Task Reading_a_missing_key_or_version_is_object_not_found()
    {
        var version = await PutAsync("present", "x");

        var missingKey = await Assert.ThrowsAsync<RRBackupException>(() => Store.GetAsync("absent", null, CancellationToken.None));
        var missingVersion = await Assert.ThrowsAsync<RRBackupException>(() => Store.GetAsync("absent", version, CancellationToken.None));

        Assert.That(missingKey!.Code, Is.EqualTo(ErrorCodes.ObjectNotFound));
        Assert.That(missingKey.Message, Does.Contain("absent"));
        Assert.That(missingVersion!.Code, Is.EqualTo(ErrorCodes.ObjectNotFound));
    }

    [Test]
    public async Task Deleting_a_version_removes_only_that_version()
    {
        var first = await PutAsync("key", "one");
        var second = await PutAsync("key", "two");

        await Store.DeleteVersionAsync("key", first, CancellationToken.None);

        var versions = await Store.ListVersionsAsync("key", CancellationToken.None);
        Assert.That(versions.Select(v => v.VersionId), Is.EqualTo(new[] { second }));
        await Assert.ThrowsAsync<RRBackupException>(() => Store.GetAsync("key", first, CancellationToken.None));
        Assert.That(await ReadAsync("key", second), Is.EqualTo("two"));
    }

    [Test]
    public async Task Deleting_a_version_that_does_not_exist_is_not_an_error()
    {
        var version = await PutAsync("key", "one");
        await Store.DeleteVersionAsync("key", version, CancellationToken.None);

        await Assert.DoesNotThrowAsync(() => Store.DeleteVersionAsync("key", version, CancellationToken.None));
    }

    [Test]
    public async Task A_delete_marker_hides_the_latest_but_keeps_older_versions_readable()
    {
        var version = await PutAsync("key", "kept");

        var marker = await Store.PutDeleteMarkerAsync("key", CancellationToken.None);

        var versions = await Store.ListVersionsAsync("key", CancellationToken.None);
        Assert.That(versions.Select(v => (v.VersionId, v.IsDeleteMarker)), Is.EqualTo(new[] { (version, false), (marker, true) }));
        var latest = await Assert.ThrowsAsync<RRBackupException>(() => Store.GetAsync("key", null, CancellationToken.None));
        Assert.That(latest!.Code, Is.EqualTo(ErrorCodes.ObjectNotFound));
        Assert.That(await ReadAsync("key", version), Is.EqualTo("kept"));
    }

    [Test]
    public async Task Keys_are_listed_by_prefix()
    {
        await PutAsync("files/a.txt", "1");
        await PutAsync("files/dir/b.txt", "2");
        await PutAsync("manifest_diffs", "3");

        var keys = new List<string>();
        await foreach (var key in Store.ListKeysAsync("files/", CancellationToken.None))
        {
            keys.Add(key);
        }

        Assert.That(keys, Is.EquivalentTo(new[] { "files/a.txt", "files/dir/b.txt" }));
    }

    [Test]
    public async Task Keys_with_unusual_characters_round_trip()
    {
        string[] keys = ["files/héllo wörld.txt", "files/日本/ファイル", "files/100%/~v/x", "files/.hidden/..x", "files/a b/c+d=e&f"];
        foreach (var key in keys)
        {
            await PutAsync(key, key);
        }

        foreach (var key in keys)
        {
            Assert.That(await ReadAsync(key, null), Is.EqualTo(key), key);
        }

        var listed = new List<string>();
        await foreach (var key in Store.ListKeysAsync("files/", CancellationToken.None))
        {
            listed.Add(key);
        }

        Assert.That(listed, Is.EquivalentTo(keys));
    }

    [Test]
    public async Task An_empty_object_round_trips()
    {
        var version = await PutAsync("empty", "");

        Assert.That(await ReadAsync("empty", version), Is.EqualTo(""));
    }

    [Test]
    public async Task A_large_object_from_a_non_seekable_stream_round_trips()
    {
        var data = new byte[(17 << 20) + 123];
        new Random(42).NextBytes(data);

        var version = await Store.PutAsync("large", new NonSeekableStream(data), PutDurability.AtNextFlush, CancellationToken.None);

        var stream = await Store.GetAsync("large", version, CancellationToken.None);
        await using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            Assert.That(copy.ToArray(), Is.EqualTo(data));
        }

        var versions = await Store.ListVersionsAsync("large", CancellationToken.None);
        Assert.That(versions.Single().Size, Is.EqualTo(data.Length));
    }

    [TestCase((1 << 20) - 1)]
    [TestCase(1 << 20)]
    [TestCase((1 << 20) + 1)]
    public async Task Objects_around_a_mebibyte_round_trip_whole(int size)
    {
        // The local store reads objects below 1 MiB whole into memory and streams larger ones: both sides of the edge must agree.
        var data = new byte[size];
        new Random(size).NextBytes(data);

        var version = await Store.PutAsync("edge", new MemoryStream(data), PutDurability.AtNextFlush, CancellationToken.None);

        var stream = await Store.GetAsync("edge", version, CancellationToken.None);
        await using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            Assert.That(copy.ToArray(), Is.EqualTo(data));
        }
    }

    [Test]
    public async Task Concurrent_puts_of_one_key_all_land_as_distinct_versions()
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => PutAsync("busy", $"v{i}"))));

        var versions = await Store.ListVersionsAsync("busy", CancellationToken.None);

        Assert.That(ids.Distinct().Count(), Is.EqualTo(16));
        Assert.That(versions.Select(v => v.VersionId), Is.EquivalentTo(ids));
    }

    [Test]
    public async Task Flush_succeeds_after_puts()
    {
        await PutAsync("key", "value");

        await Assert.DoesNotThrowAsync(() => Store.FlushAsync(CancellationToken.None));
    }

    [Test]
    public async Task Preparing_twice_keeps_the_contents()
    {
        var version = await PutAsync("key", "value");

        await Store.PrepareAsync(CancellationToken.None);

        Assert.That(await ReadAsync("key", version), Is.EqualTo("value"));
    }

    protected async Task<string> PutAsync(string key, string content)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        return await Store.PutAsync(key, stream, PutDurability.AtNextFlush, CancellationToken.None);
    }

    protected async Task<string> ReadAsync(string key, string? version)
    {
        var stream = await Store.GetAsync(key, version, CancellationToken.None);
        await using (stream)
        {
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return await reader.ReadToEndAsync();
        }
    }
}
