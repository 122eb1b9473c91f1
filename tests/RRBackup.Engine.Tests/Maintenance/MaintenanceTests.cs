using RRBackup.Engine.Errors;
using RRBackup.Engine.Storage;

namespace RRBackup.Engine.Tests.Maintenance;

[TestFixture]
public sealed class MaintenanceTests
{
    private BackupFixture _fixture = null!;

    [SetUp]
    public async Task CommitTwoVersions()
    {
        _fixture = new BackupFixture();
        _fixture.Write("a.txt", "alpha");
        _fixture.Write("b.txt", "beta");
        await _fixture.CommitAsync();
        _fixture.Write("a.txt", "alpha two");
        await _fixture.CommitAsync();
    }

    [TearDown]
    public void DisposeFixture() => _fixture.Dispose();

    [Test]
    public async Task Verify_finds_a_healthy_history_healthy()
    {
        var result = await _fixture.Engine().VerifyAsync(null, allVersions: true, readData: true);

        Assert.That(result.IsHealthy, Is.True, string.Join("\n", result.Problems));
        Assert.That((result.VersionsChecked, result.ObjectsChecked), Is.EqualTo((2, 3)));
    }

    [Test]
    public async Task Verify_reports_a_missing_object_with_its_path_key_and_version()
    {
        var old = (await _fixture.Engine().ListFilesAsync((await _fixture.Engine().ListVersionsAsync())[0].VersionId)).Files.Single(f => f.Path == "/a.txt");
        await _fixture.Store.DeleteVersionAsync(old.ObjectKey!, old.ObjectVersion!, CancellationToken.None);

        var latest = await _fixture.Engine().VerifyAsync(null, allVersions: false, readData: false);
        var all = await _fixture.Engine().VerifyAsync(null, allVersions: true, readData: false);

        Assert.That(latest.IsHealthy, Is.True, "the latest version does not need the old object");
        Assert.That(all.Problems.Single(), Is.EqualTo(new Engine.Maintenance.VerifyProblem("/a.txt", old.ObjectKey!, old.ObjectVersion, "the object version is missing from the store")));
    }

    [Test]
    public async Task Verify_with_read_data_finds_a_changed_byte()
    {
        var entry = (await _fixture.Engine().ListFilesAsync("latest")).Files.Single(f => f.Path == "/b.txt");
        var path = Directory.GetFiles(_fixture.StorePath, entry.ObjectVersion!, SearchOption.AllDirectories).Single();
        var bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 1;
        File.WriteAllBytes(path, bytes);

        var withoutData = await _fixture.Engine().VerifyAsync("latest", allVersions: false, readData: false);
        var withData = await _fixture.Engine().VerifyAsync("latest", allVersions: false, readData: true);

        Assert.That(withoutData.IsHealthy, Is.True);
        Assert.That(withData.Problems.Single().Path, Is.EqualTo("/b.txt"));
        Assert.That(withData.Problems.Single().Problem, Does.Contain("corrupt"));
    }

    [Test]
    public async Task Garbage_collect_deletes_only_unreferenced_file_versions_and_a_dry_run_deletes_nothing()
    {
        using var stray = new MemoryStream("never committed"u8.ToArray());
        var strayVersion = await _fixture.Store.PutAsync("files/a.txt", stray, PutDurability.AtNextFlush, CancellationToken.None);

        var dryRun = await _fixture.Engine().GarbageCollectAsync(dryRun: true);
        Assert.That(dryRun.Unreferenced, Is.EqualTo(new[] { ("files/a.txt", strayVersion) }));
        Assert.That(await _fixture.Store.ListVersionsAsync("files/a.txt", CancellationToken.None), Has.Count.EqualTo(3));

        var real = await _fixture.Engine().GarbageCollectAsync(dryRun: false);

        Assert.That(real.Unreferenced, Has.Count.EqualTo(1));
        Assert.That((await _fixture.Store.ListVersionsAsync("files/a.txt", CancellationToken.None)).Select(v => v.VersionId), Does.Not.Contain(strayVersion));
        Assert.That((await _fixture.Engine().VerifyAsync(null, allVersions: true, readData: true)).IsHealthy, Is.True);
    }

    [Test]
    public async Task A_write_only_client_records_garbage_that_the_next_read_write_commit_deletes()
    {
        var writeOnlyText = _fixture.ConfigText.Replace("commit_locked: False", "commit_locked: False\nwrite_only: True", StringComparison.Ordinal);
        _fixture.RewriteConfig(writeOnlyText);
        _fixture.Write("c.txt", "gamma");
        var crashing = new FailingStore(_fixture.Store, key => key == "manifest_diffs");
        await Assert.ThrowsAsync<IOException>(() => _fixture.CommitAsync(store: crashing));
        _fixture.Store.Reset();

        await _fixture.CommitAsync();

        Assert.That(_fixture.Store.Count(StoreOperationKindDelete), Is.Zero, "a write-only client never deletes");
        Assert.That(await _fixture.Store.ListVersionsAsync("garbage_log", CancellationToken.None), Is.Not.Empty);
        Assert.That(await _fixture.Store.ListVersionsAsync("files/c.txt", CancellationToken.None), Has.Count.EqualTo(2), "the crashed upload and the committed one");

        _fixture.RewriteConfig(writeOnlyText.Replace("write_only: True", "write_only: False", StringComparison.Ordinal));
        _fixture.Write("d.txt", "delta");
        await _fixture.CommitAsync();

        Assert.That(await _fixture.Store.ListVersionsAsync("garbage_log", CancellationToken.None), Is.Empty);
        Assert.That(await _fixture.Store.ListVersionsAsync("gc_log", CancellationToken.None), Is.Empty);
        Assert.That(await _fixture.Store.ListVersionsAsync("files/c.txt", CancellationToken.None), Has.Count.EqualTo(1));
        Assert.That((await _fixture.Engine().VerifyAsync(null, allVersions: true, readData: true)).IsHealthy, Is.True);
    }

    [Test]
    public async Task Garbage_collect_is_refused_on_a_read_only_client()
    {
        _fixture.RewriteConfig(_fixture.ConfigText.Replace("commit_locked: False", "commit_locked: True", StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<RRBackupException>(() => _fixture.Engine().GarbageCollectAsync(dryRun: false));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.Locked));
    }

    private const Engine.Storage.Decorators.StoreOperationKind StoreOperationKindDelete = Engine.Storage.Decorators.StoreOperationKind.DeleteVersion;
}
