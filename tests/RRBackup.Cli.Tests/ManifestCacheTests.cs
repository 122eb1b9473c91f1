using RRBackup.Cli.Tests.Support;

namespace RRBackup.Cli.Tests;

/// <summary>The local manifest cache is only a cache: missing, behind, ahead of the store or corrupt, the store is the truth.</summary>
[TestFixture]
public sealed class ManifestCacheTests
{
    private CliSandbox _sandbox = null!;
    private List<SortedDictionary<string, FileState>> _states = null!;

    [SetUp]
    public void SetUp()
    {
        _sandbox = new CliSandbox();
        _sandbox.WriteConfig();
        _states = [];
    }

    [TearDown]
    public void TearDown() => _sandbox.Dispose();

    [Test]
    public void A_deleted_cache_is_rebuilt_from_the_store_and_the_next_commit_sees_the_full_history()
    {
        CommitVersion1();
        CommitVersion2();
        CommitVersion3();
        File.Delete(_sandbox.CacheFile);

        Assert.That(_sandbox.ListVersions(), Has.Count.EqualTo(3), "list_versions without a cache");
        File.Delete(_sandbox.CacheFile);
        CommitVersion4();

        AssertHistory();
    }

    [Test]
    public void A_cache_several_commits_behind_the_store_is_brought_up_to_date()
    {
        CommitVersion1();
        var oldCache = Path.Combine(_sandbox.Root, "manifest-after-version-1.json");
        File.Copy(_sandbox.CacheFile, oldCache);
        CommitVersion2();
        CommitVersion3();
        File.Copy(oldCache, _sandbox.CacheFile, overwrite: true);

        CommitVersion4();

        AssertHistory();
    }

    [Test]
    public void A_cache_ahead_of_the_store_is_discarded_with_a_warning_naming_both_heads()
    {
        CommitVersion1();
        var storeAtVersion1 = Path.Combine(_sandbox.Root, "store-at-version-1");
        FolderCopy.Copy(_sandbox.StorePath, storeAtVersion1);
        CommitVersion2();
        var versionsBefore = _sandbox.ListVersions();
        Directory.Delete(_sandbox.StorePath, recursive: true);
        Directory.Move(storeAtVersion1, _sandbox.StorePath);
        _states.RemoveAt(1);

        var listed = _sandbox.RunOk("list_versions");

        Assert.That(listed.StandardError, Does.Contain(versionsBefore[1].VersionId).And.Contain(versionsBefore[0].VersionId), listed.ToString());
        Assert.That(listed.OutputLines, Has.Count.EqualTo(1), listed.ToString());
        Assert.That(VersionLine.Parse(listed.OutputLines[0]).VersionId, Is.EqualTo(versionsBefore[0].VersionId));

        // The next commit is made on top of the store's head, with the changes since version 1.
        _sandbox.WriteFile("/after-rollback.txt", "new\n", SourceTimes.At(40));
        _sandbox.Commit();
        _states.Add(_sandbox.CaptureBase());
        Assert.That(_sandbox.ListChanges("latest").Order(StringComparer.Ordinal),
            Is.EqualTo(new[] { "added /after-rollback.txt", "added /three.txt", "changed /one.txt", "moved /sub/two.txt -> /sub/renamed.txt" }.Order(StringComparer.Ordinal)));
        AssertHistory();
    }

    [Test]
    public void A_corrupt_cache_is_rebuilt_from_the_store_with_a_warning()
    {
        CommitVersion1();
        CommitVersion2();
        File.WriteAllText(_sandbox.CacheFile, "{ this is not a manifest cache");

        var listed = _sandbox.RunOk("list_versions");

        Assert.That(listed.StandardError, Does.Contain(_sandbox.CacheFile), listed.ToString());
        Assert.That(listed.OutputLines, Has.Count.EqualTo(2), listed.ToString());
        CommitVersion3();
        AssertHistory();
    }

    private void CommitVersion1()
    {
        _sandbox.WriteFile("/one.txt", "one\n", SourceTimes.At(1));
        _sandbox.WriteFile("/sub/two.txt", "two\n", SourceTimes.At(2));
        _sandbox.WriteFile("/sub/empty", [], SourceTimes.At(3));
        _sandbox.Commit("--label", "step=1");
        _states.Add(_sandbox.CaptureBase());
    }

    private void CommitVersion2()
    {
        _sandbox.WriteFile("/one.txt", "one, changed\n", SourceTimes.At(10));
        _sandbox.MoveFile("/sub/two.txt", "/sub/renamed.txt");
        _sandbox.WriteFile("/three.txt", "three\n", SourceTimes.At(11));
        _sandbox.Commit("--label", "step=2");
        _states.Add(_sandbox.CaptureBase());
    }

    private void CommitVersion3()
    {
        _sandbox.DeleteFile("/sub/empty");
        _sandbox.WriteFile("/four/four.txt", "four\n", SourceTimes.At(20));
        _sandbox.Commit("--label", "step=3");
        _states.Add(_sandbox.CaptureBase());
    }

    /// <summary>Version 4 changes one file only; its list_changes must show just that, not the whole tree.</summary>
    private void CommitVersion4()
    {
        _sandbox.WriteFile("/three.txt", "three, changed in version 4\n", SourceTimes.At(30));
        _sandbox.Commit("--label", "step=4");
        _states.Add(_sandbox.CaptureBase());
        Assert.That(_sandbox.ListChanges("latest"), Is.EqualTo(new[] { "changed /three.txt" }), "version 4 is a diff against version 3");
    }

    /// <summary>list_versions shows one version per state, and each downloads as that state.</summary>
    private void AssertHistory()
    {
        var versions = _sandbox.ListVersions();
        Assert.That(versions, Has.Count.EqualTo(_states.Count), string.Join(Environment.NewLine, versions.Select(v => v.Line)));
        for (var i = 0; i < versions.Count; i++)
        {
            Assert.That(versions[i].FileCount, Is.EqualTo(_states[i].Count), versions[i].Line);
            var target = _sandbox.NewPath($"restore-{i + 1}");
            _sandbox.RunOk("download", versions[i].VersionId, target);
            TreeSnapshot.AssertFolderHolds(target, _states[i], $"version {i + 1} ({versions[i].VersionId})");
        }
    }
}
