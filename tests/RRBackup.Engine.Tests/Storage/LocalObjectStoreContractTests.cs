using RRBackup.Engine.Errors;
using RRBackup.Engine.Storage;
using RRBackup.Engine.Storage.Local;

namespace RRBackup.Engine.Tests.Storage;

[TestFixture]
public sealed class LocalObjectStoreContractTests : VersionedObjectStoreContract
{
    private TempFolder _folder = null!;

    private string StoreRoot => _folder.Combine("store");

    protected override Task<IVersionedObjectStore> CreateStoreAsync()
    {
        _folder = new TempFolder();
        return Task.FromResult<IVersionedObjectStore>(new LocalObjectStore(StoreRoot));
    }

    protected override Task DestroyStoreAsync(IVersionedObjectStore store)
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

    [Test]
    public async Task A_new_keys_first_version_lands_in_its_versions_folder_and_leaves_nothing_in_tmp()
    {
        var version = await PutAsync("files/a/b.txt", "hello");

        var versionsFolder = Path.Combine(StoreRoot, "keys", "files", "a", "b.txt", "~v");
        Assert.That(version, Does.StartWith("1."));
        Assert.That(Directory.GetFiles(versionsFolder).Select(Path.GetFileName), Is.EqualTo(new[] { version }));
        Assert.That(Directory.EnumerateFileSystemEntries(Path.Combine(StoreRoot, "tmp")), Is.Empty);
    }

    [Test]
    public async Task A_later_version_of_a_key_is_linked_in_under_the_keys_lock()
    {
        await PutAsync("key", "one");
        var second = await PutAsync("key", "two");

        var versionsFolder = Path.Combine(StoreRoot, "keys", "key", "~v");
        Assert.That(second, Does.StartWith("2."));
        Assert.That(File.Exists(Path.Combine(versionsFolder, "~lock")), Is.True);
        Assert.That(Directory.EnumerateFileSystemEntries(Path.Combine(StoreRoot, "tmp")), Is.Empty);
    }

    [Test]
    public async Task A_key_whose_folder_exists_without_versions_gets_its_first_version()
    {
        // A key "a" whose folder exists because the longer key "a/b" does.
        await PutAsync("a/b", "inner");

        var version = await PutAsync("a", "outer");

        Assert.That(version, Does.StartWith("1."));
        Assert.That(await ReadAsync("a", null), Is.EqualTo("outer"));
        Assert.That(await ReadAsync("a/b", null), Is.EqualTo("inner"));
    }

    [Test]
    public async Task Preparing_removes_stale_temporary_files_and_folders_but_keeps_recent_ones()
    {
        var tmp = Path.Combine(StoreRoot, "tmp");
        var staleFile = Path.Combine(tmp, new string('a', 32));
        var staleFolder = Path.Combine(tmp, new string('b', 32));
        var recentFolder = Path.Combine(tmp, new string('c', 32));
        File.WriteAllText(staleFile, "partial");
        Directory.CreateDirectory(staleFolder);
        File.WriteAllText(Path.Combine(staleFolder, "1.0000abcd"), "partial");
        Directory.CreateDirectory(recentFolder);
        var old = DateTime.UtcNow - TimeSpan.FromHours(2);
        File.SetLastWriteTimeUtc(staleFile, old);
        Directory.SetLastWriteTimeUtc(staleFolder, old);

        await Store.PrepareAsync(CancellationToken.None);

        Assert.That(File.Exists(staleFile), Is.False);
        Assert.That(Directory.Exists(staleFolder), Is.False);
        Assert.That(Directory.Exists(recentFolder), Is.True);
    }

    [Test]
    public async Task Concurrent_first_puts_of_one_new_key_from_two_stores_get_distinct_sequences()
    {
        await using var other = new LocalObjectStore(StoreRoot);
        await other.PrepareAsync(CancellationToken.None);

        var puts = Enumerable.Range(0, 32).Select(i => Task.Run(async () =>
        {
            using var content = new MemoryStream([(byte)i]);
            var store = i % 2 == 0 ? Store : other;
            return await store.PutAsync($"new/{i / 8}", content, PutDurability.AtNextFlush, CancellationToken.None);
        }));
        var ids = await Task.WhenAll(puts);

        for (var key = 0; key < 4; key++)
        {
            var versions = await Store.ListVersionsAsync($"new/{key}", CancellationToken.None);
            Assert.That(versions.Select(v => v.VersionId.Split('.')[0]), Is.EqualTo(new[] { "1", "2", "3", "4", "5", "6", "7", "8" }));
        }

        Assert.That(ids.Distinct().Count(), Is.EqualTo(32));
    }

    [Test]
    public async Task Reading_a_delete_marker_by_its_id_is_object_not_found()
    {
        await PutAsync("key", "one");
        var marker = await Store.PutDeleteMarkerAsync("key", CancellationToken.None);

        var error = await Assert.ThrowsAsync<RRBackupException>(() => Store.GetAsync("key", marker, CancellationToken.None));

        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.ObjectNotFound));
    }
}
