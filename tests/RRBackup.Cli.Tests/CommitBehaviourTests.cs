using System.Diagnostics;
using RRBackup.Cli.Tests.Support;

namespace RRBackup.Cli.Tests;

/// <summary>When `rrbackup` makes a version, and when it refuses to: no change, labels, commit_locked, the writer's lock.</summary>
[TestFixture]
public sealed class CommitBehaviourTests
{
    private CliSandbox _sandbox = null!;

    [SetUp]
    public void SetUp()
    {
        _sandbox = new CliSandbox();
        _sandbox.WriteConfig();
        _sandbox.WriteFile("/a.txt", "first\n", SourceTimes.At(1));
        _sandbox.WriteFile("/dir/b.txt", "second\n", SourceTimes.At(2));
    }

    [TearDown]
    public void TearDown() => _sandbox.Dispose();

    [Test]
    public void A_commit_with_no_change_makes_no_version_and_says_so()
    {
        _sandbox.Commit();

        var again = _sandbox.RunOk();

        Assert.That(again.StandardOutput, Does.Contain("No changes"), again.ToString());
        Assert.That(_sandbox.ListVersions(), Has.Count.EqualTo(1));
    }

    [Test]
    public void A_same_size_edit_that_keeps_the_modification_time_is_found_when_that_time_is_not_safely_before_the_last_scan()
    {
        // A coarse file-system clock can give an edit the same modification time as the version before it.
        // A file modified close to (here: just after) the previous scan must be read again, not trusted.
        var racyTime = DateTime.UtcNow.AddSeconds(5);
        _sandbox.WriteFile("/racy.txt", "before\n", racyTime);
        _sandbox.Commit();

        _sandbox.WriteFile("/racy.txt", "after!\n", racyTime);
        _sandbox.Commit();

        Assert.That(_sandbox.ListChanges("latest"), Is.EqualTo(new[] { "changed /racy.txt" }));
        var target = _sandbox.NewPath("restore");
        _sandbox.RunOk("download", "latest", target, "--include", "/racy.txt");
        Assert.That(File.ReadAllText(Path.Combine(target, "racy.txt")), Is.EqualTo("after!\n"));
    }

    [Test]
    public void A_labelled_commit_with_no_change_records_an_empty_version_carrying_the_label()
    {
        _sandbox.Commit("--message", "real");
        var state = _sandbox.CaptureBase();

        var labelled = _sandbox.RunOk("--label", "ci=42");

        Assert.That(labelled.StandardOutput, Does.Not.Contain("No changes"), labelled.ToString());
        var versions = _sandbox.ListVersions();
        Assert.That(versions, Has.Count.EqualTo(2));
        Assert.That(versions[1].Line, Does.Contain("ci=42"));
        Assert.That(versions[1].FileCount, Is.EqualTo(2));
        Assert.That(versions[1].Bytes, Is.EqualTo(versions[0].Bytes));
        var changes = _sandbox.RunOk("list_changes", "label:ci=42");
        Assert.That(changes.OutputLines, Has.Count.EqualTo(1), changes.ToString());
        Assert.That(changes.StandardOutput, Does.Contain("changed no files").And.Contain(versions[1].VersionId));
        var target = _sandbox.NewPath("restore");
        _sandbox.RunOk("download", "label:ci=42", target);
        TreeSnapshot.AssertFolderHolds(target, state, "download of the empty labelled version");
    }

    [Test]
    public void The_commit_command_may_be_named_and_takes_short_options()
    {
        _sandbox.Commit("commit", "-m", "named", "-l", "k=v=w");

        var versions = _sandbox.ListVersions();
        Assert.That(versions, Has.Count.EqualTo(1));
        Assert.That(versions[0].Line, Does.Contain("named").And.Contain("k=v=w"));
        Assert.That(_sandbox.ListFiles("label:k=v=w").Select(f => f.Path), Is.EqualTo(new[] { "/a.txt", "/dir/b.txt" }));
    }

    [Test]
    public void Commit_locked_refuses_to_commit_with_exit_code_4_while_listing_and_downloading_still_work()
    {
        _sandbox.Commit();
        var state = _sandbox.CaptureBase();
        _sandbox.WriteFile("/a.txt", "changed after the lock\n", SourceTimes.At(3));
        _sandbox.WriteConfig(commitLocked: true);

        var refused = _sandbox.RunFailing(4, [], "commit_locked");

        Assert.That(refused.StandardOutput, Does.Not.Contain("Committed"), refused.ToString());
        var versions = _sandbox.ListVersions();
        Assert.That(versions, Has.Count.EqualTo(1), "no version was made");
        Assert.That(_sandbox.ListFiles("latest").Select(f => f.Path), Is.EqualTo(state.Keys));
        Assert.That(_sandbox.ListChanges(versions[0].VersionId), Has.Count.EqualTo(2));
        var target = _sandbox.NewPath("restore");
        _sandbox.RunOk("download", "latest", target);
        TreeSnapshot.AssertFolderHolds(target, state, "download while commits are locked");
    }

    [Test]
    public void Commit_locked_on_a_new_store_refuses_before_writing_anything()
    {
        _sandbox.WriteConfig(commitLocked: true);

        _sandbox.RunFailing(4, ["--label", "x=1"], "commit_locked");

        Assert.That(Path.Exists(_sandbox.StorePath), Is.False, "the store was touched by a refused commit");
        Assert.That(Path.Exists(_sandbox.CacheFile), Is.False, "the cache was written by a refused commit");
    }

    [Test]
    public void A_commit_while_another_holds_the_writer_lock_fails_fast_with_exit_code_4()
    {
        _sandbox.Commit();
        _sandbox.WriteFile("/c.txt", "third\n", SourceTimes.At(3));
        var lockFile = _sandbox.CacheFile + ".lock";
        Directory.CreateDirectory(Path.GetDirectoryName(lockFile)!);

        using (new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var clock = Stopwatch.StartNew();
            var blocked = _sandbox.RunFailing(4, [], "another commit");
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "the second commit must fail fast, not wait");
            Assert.That(blocked.StandardError, Does.Contain(lockFile), blocked.ToString());
            Assert.That(_sandbox.ListVersions(), Has.Count.EqualTo(1), "listing works while a commit holds the lock, and none was made");
        }

        _sandbox.Commit();
        Assert.That(_sandbox.ListVersions(), Has.Count.EqualTo(2), "once the lock is released the commit goes through");
        Assert.That(_sandbox.ListChanges("latest"), Is.EqualTo(new[] { "added /c.txt" }));
    }
}
