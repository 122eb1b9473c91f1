using RRBackup.Engine.Commit;
using RRBackup.Engine.Configuration;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Manifest;
using RRBackup.Engine.Restore;
using RRBackup.Engine.Storage.Decorators;
using RRBackup.Engine.Storage.Local;

namespace RRBackup.Engine.Tests.Commit;

[TestFixture]
public sealed class CommitTests
{
    private static readonly DateTime AnHourAgo = DateTime.UtcNow.AddHours(-1);
    private BackupFixture _fixture = null!;

    [SetUp]
    public void CreateFixture() => _fixture = new BackupFixture("ignore_files: *.tmp, /cache\nskip_delete: /snapshots");

    [TearDown]
    public void DisposeFixture() => _fixture.Dispose();

    [Test]
    public async Task The_first_commit_stores_every_file_once_and_makes_version_one()
    {
        _fixture.Write("a.txt", "alpha");
        _fixture.Write("dir/b.txt", "beta");

        var result = await _fixture.CommitAsync();

        Assert.That(result.Sequence, Is.EqualTo(1));
        Assert.That(result.Added, Is.EqualTo(2));
        Assert.That(result.ObjectsUploaded, Is.EqualTo(2));
        Assert.That(_fixture.Store.Count(StoreOperationKind.Put, "files/"), Is.EqualTo(2));
        var versions = await _fixture.Engine().ListVersionsAsync();
        Assert.That(versions.Single().VersionId, Is.EqualTo(result.VersionId));
        Assert.That(versions.Single().FileCount, Is.EqualTo(2));
        Assert.That(versions.Single().TotalBytes, Is.EqualTo(9));
    }

    [Test]
    public async Task A_commit_that_loses_its_race_commits_again_on_the_winner_without_uploading_its_files_twice()
    {
        _fixture.Write("a.txt", "alpha");
        _fixture.Write("dir/b.txt", "beta");
        _fixture.Write("same-1.txt", "twin");
        _fixture.Write("same-2.txt", "twin");
        await using var other = OtherWriter("other");
        File.WriteAllText(Path.Combine(_fixture.Root, "other", "o.txt"), "other writer");
        var diffs = _fixture.LoadConfiguration().Names.ManifestDiffs;
        CommitResult? winner = null;
        var racing = new BeforeFirstPutStore(_fixture.Store, diffs, async () => winner = await other.CommitAsync(CommitOptions.Default));

        var result = await _fixture.CommitAsync(store: racing);

        Assert.That(winner!.Sequence, Is.EqualTo(1));
        Assert.That(result.Sequence, Is.EqualTo(2), "committed again on top of the winner");
        Assert.That((result.Added, result.Deleted, result.ObjectsUploaded, result.BytesUploaded), Is.EqualTo((4, 1, 3, 13L)), "the first try's uploads count: the commit wrote them");
        Assert.That(_fixture.Log.Warnings.Select(w => w.Code), Does.Contain(ErrorCodes.CommitConflict));
        Assert.That(_fixture.Store.Count(StoreOperationKind.Put, "files/"), Is.EqualTo(3), "the second try reuses the first try's objects");
        foreach (var key in new[] { "files/a.txt", "files/dir/b.txt", "files/same-1.txt" })
        {
            Assert.That(await _fixture.Store.ListVersionsAsync(key, CancellationToken.None), Has.Count.EqualTo(1), key);
        }

        var versions = await _fixture.Engine().ListVersionsAsync();
        Assert.That(versions.Select(v => v.VersionId), Is.EqualTo(new[] { winner.VersionId, result.VersionId }));
        var target = Path.Combine(_fixture.Root, "restored");
        await _fixture.Engine().DownloadAsync("latest", target, DownloadOptions.Everything);
        Assert.That(BackupFixture.ReadTree(target), Is.EqualTo(BackupFixture.ReadTree(_fixture.BasePath)));
    }

    /// <summary>Another machine's engine on the same store, with its own folder and cache.</summary>
    private BackupEngine OtherWriter(string name)
    {
        var basePath = Path.Combine(_fixture.Root, name);
        Directory.CreateDirectory(basePath);
        var configFile = Path.Combine(_fixture.Root, name + ".ini");
        File.WriteAllText(configFile, $"[main]\nbase_path: {basePath}\nlocal_manifest_file: {Path.Combine(_fixture.Root, name + "-cache", "manifest.json")}\n\n[local]\npath: {_fixture.StorePath}\n");
        return new BackupEngine(ConfigurationLoader.Load(configFile), new LocalObjectStore(_fixture.StorePath));
    }

    [Test]
    public async Task A_commit_with_no_change_makes_no_version_and_writes_nothing()
    {
        _fixture.Write("a.txt", "alpha", AnHourAgo);
        await _fixture.CommitAsync();
        _fixture.Store.Reset();

        var result = await _fixture.CommitAsync();

        Assert.That(result.NoChange, Is.True);
        Assert.That(_fixture.Store.Count(StoreOperationKind.Put), Is.Zero);
        Assert.That(await _fixture.Engine().ListVersionsAsync(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_file_whose_size_and_time_are_unchanged_is_not_read_again()
    {
        var path = _fixture.Write("a.txt", "alpha", AnHourAgo);
        await _fixture.CommitAsync();

        File.WriteAllText(path, "ALPHA");
        File.SetLastWriteTimeUtc(path, AnHourAgo);
        var result = await _fixture.CommitAsync();

        Assert.That(result.NoChange, Is.True, "a same-size, same-time file must be trusted without hashing it");
    }

    [Test]
    public async Task After_the_cache_is_lost_a_commit_reads_every_file_to_vouch_for_its_entry()
    {
        var path = _fixture.Write("a.txt", "alpha", AnHourAgo);
        await _fixture.CommitAsync();
        File.Delete(_fixture.CacheFile);

        File.WriteAllText(path, "ALPHA");
        File.SetLastWriteTimeUtc(path, AnHourAgo);
        var result = await _fixture.CommitAsync();

        Assert.That(result.Changed, Is.EqualTo(1), "entries rebuilt from the remote prove nothing about the files on this machine");
    }

    [Test]
    public async Task Files_read_to_rebuild_trust_after_a_lost_cache_are_trusted_by_size_and_time_afterwards()
    {
        var path = _fixture.Write("a.txt", "alpha", AnHourAgo);
        _fixture.Write("b.txt", "beta", AnHourAgo);
        await _fixture.CommitAsync();
        File.Delete(_fixture.CacheFile);
        Assert.That((await _fixture.CommitAsync()).NoChange, Is.True);

        File.WriteAllText(path, "ALPHA");
        File.SetLastWriteTimeUtc(path, AnHourAgo);
        var result = await _fixture.CommitAsync();

        Assert.That(result.NoChange, Is.True, "the no-change commit after the rebuild read both files; they need not be read on every later commit");
    }

    [Test]
    public async Task A_file_changed_within_the_clock_window_of_the_last_scan_is_hashed_again()
    {
        var recent = DateTime.UtcNow.AddSeconds(5); // in the same clock tick as the scan, however slow the machine
        var path = _fixture.Write("a.txt", "alpha", recent);
        await _fixture.CommitAsync();

        File.WriteAllText(path, "ALPHA");
        File.SetLastWriteTimeUtc(path, recent);
        var result = await _fixture.CommitAsync();

        Assert.That(result.Changed, Is.EqualTo(1));
    }

    [Test]
    public async Task Identical_files_in_one_commit_are_stored_once()
    {
        _fixture.Write("one.txt", "same contents");
        _fixture.Write("two.txt", "same contents");
        _fixture.Write("dir/three.txt", "same contents");

        var result = await _fixture.CommitAsync();

        Assert.That(result.Added, Is.EqualTo(3));
        Assert.That(_fixture.Store.Count(StoreOperationKind.Put, "files/"), Is.EqualTo(1));
        var files = await _fixture.Engine().ListFilesAsync("latest");
        Assert.That(files.Files.Select(f => (f.ObjectKey, f.ObjectVersion)).Distinct().Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_copy_of_a_stored_file_costs_no_file_object_write()
    {
        _fixture.Write("original.bin", "payload");
        await _fixture.CommitAsync();
        _fixture.Store.Reset();

        _fixture.Write("copy.bin", "payload");
        var result = await _fixture.CommitAsync();

        Assert.That(result.Added, Is.EqualTo(1));
        Assert.That(_fixture.Store.Count(StoreOperationKind.Put, "files/"), Is.Zero);
    }

    [Test]
    public async Task A_rename_costs_no_write_and_is_listed_as_a_move()
    {
        _fixture.Write("old/name.txt", "moving contents", AnHourAgo);
        await _fixture.CommitAsync();
        _fixture.Store.Reset();

        _fixture.Move("old/name.txt", "new/name.txt");
        var result = await _fixture.CommitAsync();

        Assert.That(result.Moved, Is.EqualTo(1));
        Assert.That(result.Added + result.Deleted, Is.Zero);
        Assert.That(_fixture.Store.Count(StoreOperationKind.Put, "files/"), Is.Zero);
        var changes = await _fixture.Engine().ListChangesAsync("latest");
        Assert.That(changes.Changes.Single(), Is.EqualTo(changes.Changes.Single() with { Kind = ChangeKind.Moved, Path = "/new/name.txt", FromPath = "/old/name.txt" }));
    }

    [Test]
    public async Task An_empty_file_is_recorded_without_an_object()
    {
        _fixture.Write("empty.txt", "");

        var result = await _fixture.CommitAsync();

        Assert.That(result.Added, Is.EqualTo(1));
        Assert.That(_fixture.Store.Count(StoreOperationKind.Put, "files/"), Is.Zero);
        var entry = (await _fixture.Engine().ListFilesAsync("latest")).Files.Single();
        Assert.That((entry.Size, entry.ObjectKey, entry.ObjectVersion), Is.EqualTo((0L, (string?)null, (string?)null)));
    }

    [Test]
    public async Task The_durability_barrier_comes_after_the_uploads_and_before_the_commit_point()
    {
        _fixture.Write("a.txt", "alpha");
        _fixture.Write("b.txt", "beta");

        await _fixture.CommitAsync();

        var operations = _fixture.Store.Operations.Where(o => o.Kind is StoreOperationKind.Put or StoreOperationKind.Flush or StoreOperationKind.DeleteVersion).ToList();
        var gcLogPut = operations.FindIndex(o => o is { Kind: StoreOperationKind.Put, Key: "gc_log" });
        var lastFilePut = operations.FindLastIndex(o => o.Kind == StoreOperationKind.Put && o.Key!.StartsWith("files/", StringComparison.Ordinal));
        var flush = operations.FindIndex(o => o.Kind == StoreOperationKind.Flush);
        var commitPoint = operations.FindIndex(o => o is { Kind: StoreOperationKind.Put, Key: "manifest_diffs" });
        var gcLogDelete = operations.FindIndex(o => o is { Kind: StoreOperationKind.DeleteVersion, Key: "gc_log" });
        Assert.That(new[] { gcLogPut, lastFilePut, flush, commitPoint, gcLogDelete }, Is.Ordered.And.All.GreaterThanOrEqualTo(0));
        Assert.That(operations.Count(o => o.Kind == StoreOperationKind.Flush), Is.EqualTo(1), "one barrier per commit, not one per object");
        Assert.That(await _fixture.Store.ListVersionsAsync("gc_log", CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task Ignored_files_are_not_stored_and_leave_the_manifest_once_they_match()
    {
        _fixture.Write("keep.txt", "k");
        _fixture.Write("scratch.tmp", "t");
        _fixture.Write("cache/deep/blob", "c");
        _fixture.Write("later.log", "l");
        await _fixture.CommitAsync();
        Assert.That(await PathsAsync("latest"), Is.EqualTo(new[] { "/keep.txt", "/later.log" }));

        _fixture.RewriteConfig(_fixture.ConfigText.Replace("ignore_files: *.tmp, /cache", "ignore_files: *.tmp, /cache, *.log", StringComparison.Ordinal));
        var result = await _fixture.CommitAsync();

        Assert.That(result.Deleted, Is.EqualTo(1));
        Assert.That(await PathsAsync("latest"), Is.EqualTo(new[] { "/keep.txt" }));
    }

    [Test]
    public async Task Skip_delete_files_stay_in_the_backup_after_they_vanish_locally()
    {
        _fixture.Write("snapshots/db-1.dump", "dump one");
        _fixture.Write("other.txt", "other");
        await _fixture.CommitAsync();

        _fixture.Delete("snapshots/db-1.dump");
        _fixture.Delete("other.txt");
        _fixture.Write("snapshots/db-2.dump", "dump two");
        await _fixture.CommitAsync();

        Assert.That(await PathsAsync("latest"), Is.EqualTo(new[] { "/snapshots/db-1.dump", "/snapshots/db-2.dump" }));
    }

    [Test]
    public async Task A_labelled_commit_with_no_change_records_an_empty_version_with_the_labels()
    {
        _fixture.Write("a.txt", "alpha", AnHourAgo);
        var first = await _fixture.CommitAsync(new CommitOptions { Labels = new Dictionary<string, string> { ["build"] = "76" } });

        var second = await _fixture.CommitAsync(new CommitOptions { Message = "rebuild", Labels = new Dictionary<string, string> { ["build"] = "77" } });

        Assert.That(second.VersionId, Is.Not.Null.And.Not.EqualTo(first.VersionId));
        var engine = _fixture.Engine();
        var changes = await engine.ListChangesAsync("label:build=77");
        Assert.That(changes.Version.VersionId, Is.EqualTo(second.VersionId));
        Assert.That(changes.Version.Message, Is.EqualTo("rebuild"));
        Assert.That(changes.Changes, Is.Empty);
        Assert.That((await engine.ListFilesAsync("label:build=77")).Files.Select(f => f.Path), Is.EqualTo(new[] { "/a.txt" }));
        Assert.That((await engine.ListFilesAsync("label:build=76")).Version.VersionId, Is.EqualTo(first.VersionId));
    }

    [Test]
    public async Task A_locked_client_cannot_commit_but_can_list_and_download()
    {
        _fixture.Write("a.txt", "alpha");
        await _fixture.CommitAsync();
        _fixture.RewriteConfig(_fixture.ConfigText.Replace("commit_locked: False", "commit_locked: True", StringComparison.Ordinal));
        _fixture.Write("b.txt", "beta");

        var error = await Assert.ThrowsAsync<RRBackupException>(() => _fixture.CommitAsync());

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.Locked));
        Assert.That(error.Message, Does.Contain("commit_locked"));
        var target = _fixture.NewFolder("restore");
        await _fixture.Engine().DownloadAsync("latest", target, DownloadOptions.Everything);
        Assert.That(BackupFixture.ReadTree(target), Is.EqualTo(new Dictionary<string, string> { ["/a.txt"] = "alpha" }));
    }

    [Test]
    public async Task Symbolic_links_are_stored_as_links_and_never_followed_out_of_base_path()
    {
        var outside = _fixture.NewFolder("outside");
        File.WriteAllText(Path.Combine(outside, "secret.txt"), "outside contents");
        _fixture.Write("real.txt", "inside");
        File.CreateSymbolicLink(Path.Combine(_fixture.BasePath, "to-outside"), outside);
        File.CreateSymbolicLink(Path.Combine(_fixture.BasePath, "relative-link"), "real.txt");
        await _fixture.CommitAsync();

        var files = (await _fixture.Engine().ListFilesAsync("latest")).Files;
        Assert.That(files.Select(f => (f.Path, f.LinkTarget)), Is.EqualTo(new[] { ("/real.txt", (string?)null), ("/relative-link", "real.txt"), ("/to-outside", outside) }));
        Assert.That(_fixture.Store.Count(StoreOperationKind.Put, "files/"), Is.EqualTo(1), "only real.txt has contents; nothing is read through a link");

        var target = _fixture.NewFolder("restore");
        await _fixture.Engine().DownloadAsync("latest", target, DownloadOptions.Everything);
        Assert.That(new FileInfo(Path.Combine(target, "relative-link")).LinkTarget, Is.EqualTo("real.txt"));
        Assert.That(new FileInfo(Path.Combine(target, "to-outside")).LinkTarget, Is.EqualTo(outside));
        Assert.That(File.ReadAllText(Path.Combine(target, "relative-link")), Is.EqualTo("inside"));

        File.Delete(Path.Combine(_fixture.BasePath, "relative-link"));
        File.CreateSymbolicLink(Path.Combine(_fixture.BasePath, "relative-link"), "elsewhere.txt");
        var retargeted = await _fixture.CommitAsync();
        Assert.That(retargeted.Changed, Is.EqualTo(1), "a link pointed elsewhere is a change");
    }

    [Test]
    public async Task A_fifo_is_skipped_with_a_warning_and_never_read()
    {
        _fixture.Write("a.txt", "alpha");
        var fifo = Path.Combine(_fixture.BasePath, "pipe");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
            Assume.That(mkfifo.ExitCode, Is.Zero, "mkfifo is needed for this test");
        }

        var result = await _fixture.CommitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(result.Added, Is.EqualTo(1));
        Assert.That(await PathsAsync("latest"), Is.EqualTo(new[] { "/a.txt" }));
        Assert.That(_fixture.Log.Warnings.Single(w => w.Code == ErrorCodes.SkippedEntry).Message, Does.Contain("pipe").And.Contain("not a regular file"));
    }

    [Test]
    public async Task A_base_path_that_does_not_exist_is_a_configuration_error_naming_the_key_and_line()
    {
        Directory.Delete(_fixture.BasePath);

        var error = await Assert.ThrowsAsync<RRBackupException>(() => _fixture.CommitAsync());

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.Configuration));
        Assert.That(error.Message, Does.Contain(_fixture.ConfigFile).And.Contain("[main] base_path (line 2)").And.Contain(_fixture.BasePath));
    }

    [Test]
    public async Task A_second_commit_while_one_holds_the_lock_fails_fast_as_locked()
    {
        _fixture.Write("a.txt", "alpha");
        var config = _fixture.LoadConfiguration();
        Directory.CreateDirectory(Path.GetDirectoryName(config.LocalManifestFile)!);
        using var held = new FileStream(config.LocalManifestFile + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        var error = await Assert.ThrowsAsync<RRBackupException>(() => _fixture.CommitAsync());

        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.WriterLockHeld));
        Assert.That(error.Kind, Is.EqualTo(ErrorKind.Locked));
    }

    [Test]
    public async Task An_interrupted_commit_changes_no_version_and_the_next_commit_removes_its_uploads()
    {
        _fixture.Write("a.txt", "alpha");
        var first = await _fixture.CommitAsync();
        _fixture.Write("a.txt", "alpha changed");
        _fixture.Write("b.txt", "beta");

        var crashing = new FailingStore(_fixture.Store, key => key == "manifest_diffs");
        await Assert.ThrowsAsync<IOException>(() => _fixture.CommitAsync(store: crashing));

        Assert.That((await _fixture.Engine().ListVersionsAsync()).Select(v => v.VersionId), Is.EqualTo(new[] { first.VersionId }));
        Assert.That(await _fixture.Store.ListVersionsAsync("gc_log", CancellationToken.None), Has.Count.EqualTo(1));
        Assert.That(await _fixture.Store.ListVersionsAsync("files/b.txt", CancellationToken.None), Has.Count.EqualTo(1), "the crashed commit had uploaded b.txt");

        var second = await _fixture.CommitAsync();

        Assert.That(second.Sequence, Is.EqualTo(2));
        Assert.That(_fixture.Log.Warnings.Select(w => w.Code), Does.Contain(ErrorCodes.InterruptedCommitCleaned));
        Assert.That(await _fixture.Store.ListVersionsAsync("gc_log", CancellationToken.None), Is.Empty);
        Assert.That(await StoredFileVersionsAsync(), Is.EquivalentTo(await ReferencedFileVersionsAsync()), "no unreferenced object version remains");
        var target = _fixture.NewFolder("restore");
        await _fixture.Engine().DownloadAsync("latest", target, DownloadOptions.Everything);
        Assert.That(BackupFixture.ReadTree(target), Is.EqualTo(new Dictionary<string, string> { ["/a.txt"] = "alpha changed", ["/b.txt"] = "beta" }));
    }

    [Test]
    public async Task Every_version_downloads_as_it_was_committed()
    {
        var expected = new List<(string Version, Dictionary<string, string> Tree)>();
        _fixture.Write("a.txt", "1");
        _fixture.Write("d/b.txt", "2");
        expected.Add(((await _fixture.CommitAsync()).VersionId!, BackupFixture.ReadTree(_fixture.BasePath)));
        _fixture.Write("a.txt", "1 changed");
        _fixture.Delete("d/b.txt");
        _fixture.Write("d/c.txt", "3");
        expected.Add(((await _fixture.CommitAsync()).VersionId!, BackupFixture.ReadTree(_fixture.BasePath)));
        _fixture.Move("a.txt", "e/a-moved.txt");
        expected.Add(((await _fixture.CommitAsync()).VersionId!, BackupFixture.ReadTree(_fixture.BasePath)));

        File.Delete(_fixture.CacheFile);
        var engine = _fixture.Engine();
        foreach (var (version, tree) in expected)
        {
            var target = _fixture.NewFolder("restore-" + version);
            await engine.DownloadAsync(version, target, DownloadOptions.Everything);
            Assert.That(BackupFixture.ReadTree(target), Is.EqualTo(tree), version);
        }
    }

    private async Task<List<(string, string)>> StoredFileVersionsAsync()
    {
        var stored = new List<(string, string)>();
        await foreach (var key in _fixture.Store.ListKeysAsync("files/", CancellationToken.None))
        {
            stored.AddRange((await _fixture.Store.ListVersionsAsync(key, CancellationToken.None)).Select(v => (key, v.VersionId)));
        }

        return stored;
    }

    private async Task<HashSet<(string, string)>> ReferencedFileVersionsAsync()
    {
        var engine = _fixture.Engine();
        var referenced = new HashSet<(string, string)>();
        foreach (var version in await engine.ListVersionsAsync())
        {
            foreach (var file in (await engine.ListFilesAsync(version.VersionId)).Files.Where(f => f.ObjectKey is not null))
            {
                referenced.Add((file.ObjectKey!, file.ObjectVersion!));
            }
        }

        return referenced;
    }

    private async Task<IEnumerable<string>> PathsAsync(string selector) =>
        (await _fixture.Engine().ListFilesAsync(selector)).Files.Select(f => f.Path);
}
