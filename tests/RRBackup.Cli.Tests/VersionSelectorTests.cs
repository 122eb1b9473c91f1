using RRBackup.Cli.Tests.Support;

namespace RRBackup.Cli.Tests;

/// <summary>How VERSION is named: 'latest', a full id, a unique prefix, 'label:KEY=VALUE'; and the errors for the rest.</summary>
[TestFixture]
public sealed class VersionSelectorTests
{
    private CliSandbox _sandbox = null!;

    [SetUp]
    public void SetUp()
    {
        _sandbox = new CliSandbox();
        _sandbox.WriteConfig();
    }

    [TearDown]
    public void TearDown() => _sandbox.Dispose();

    [Test]
    public void Latest_names_the_newest_version()
    {
        var (_, second) = CommitTwoVersions();

        var files = _sandbox.ListFiles("latest");
        Assert.That(files.Select(f => f.Path), Is.EqualTo(second.Keys));
        var target = _sandbox.NewPath("restore");
        _sandbox.RunOk("download", "latest", target);
        TreeSnapshot.AssertFolderHolds(target, second, "download latest");
    }

    [Test]
    public void A_full_version_id_and_a_unique_prefix_of_it_name_that_version()
    {
        var (first, _) = CommitTwoVersions();
        var ids = _sandbox.ListVersions().Select(v => v.VersionId).ToList();
        var id = ids[0];
        var prefix = Enumerable.Range(1, id.Length - 1).Select(n => id[..n]).FirstOrDefault(p => ids.Count(i => i.StartsWith(p, StringComparison.Ordinal)) == 1);
        Assert.That(prefix, Is.Not.Null, $"no proper prefix of '{id}' is unique among {string.Join(", ", ids)}");

        Assert.That(_sandbox.ListFiles(id).Select(f => f.Path), Is.EqualTo(first.Keys), "list_files by full id");
        Assert.That(_sandbox.ListFiles(prefix!).Select(f => f.Path), Is.EqualTo(first.Keys), $"list_files by prefix '{prefix}'");
        Assert.That(_sandbox.ListChanges(prefix!), Is.EqualTo(first.Keys.Select(p => "added " + p)), $"list_changes by prefix '{prefix}'");
        var target = _sandbox.NewPath("restore");
        _sandbox.RunOk("download", prefix!, target);
        TreeSnapshot.AssertFolderHolds(target, first, $"download by prefix '{prefix}'");
    }

    [Test]
    public void A_label_names_the_newest_version_carrying_it()
    {
        _sandbox.WriteFile("/a.txt", "one\n", SourceTimes.At(1));
        _sandbox.Commit("--label", "build=7");
        _sandbox.WriteFile("/b.txt", "two\n", SourceTimes.At(2));
        _sandbox.Commit("--label", "build=8", "--label", "branch=main");
        var atBuild8 = _sandbox.CaptureBase();
        _sandbox.WriteFile("/c.txt", "three\n", SourceTimes.At(3));
        _sandbox.Commit("--label", "build=7");
        var atSecondBuild7 = _sandbox.CaptureBase();
        _sandbox.WriteFile("/d.txt", "four\n", SourceTimes.At(4));
        _sandbox.Commit();

        var versions = _sandbox.ListVersions();
        Assert.That(versions, Has.Count.EqualTo(4));
        Assert.That(versions[1].Line, Does.Contain("build=8").And.Contain("branch=main"));

        var build7 = _sandbox.NewPath("build7");
        _sandbox.RunOk("download", "label:build=7", build7);
        TreeSnapshot.AssertFolderHolds(build7, atSecondBuild7, "label:build=7 names the newer of the two versions carrying it");
        var build8 = _sandbox.NewPath("build8");
        _sandbox.RunOk("download", "label:branch=main", build8);
        TreeSnapshot.AssertFolderHolds(build8, atBuild8, "label:branch=main");
        Assert.That(_sandbox.ListChanges("label:build=8"), Is.EqualTo(new[] { "added /b.txt" }));
    }

    [TestCase("list_files")]
    [TestCase("list_changes")]
    [TestCase("download")]
    public void An_unknown_version_fails_with_exit_code_5_and_a_message_naming_it(string command)
    {
        CommitTwoVersions();
        var target = Path.Combine(_sandbox.Root, "restore");
        string[] arguments = command == "download" ? [command, "no-such-version", target] : [command, "no-such-version"];

        var result = _sandbox.RunFailing(5, arguments, "'no-such-version'", "does not exist");

        Assert.That(result.StandardOutput, Is.Empty, result.ToString());
        Assert.That(Path.Exists(target), Is.False, "a failed download must not create the target");
    }

    [Test]
    public void A_label_no_version_carries_fails_with_exit_code_5()
    {
        _sandbox.WriteFile("/a.txt", "one\n", SourceTimes.At(1));
        _sandbox.Commit("--label", "build=1");

        _sandbox.RunFailing(5, ["list_files", "label:build=2"], "build=2");
        _sandbox.RunFailing(5, ["download", "label:nightly=1", "restore"], "nightly=1");
        Assert.That(Path.Exists(Path.Combine(_sandbox.Root, "restore")), Is.False);
    }

    [Test]
    public void A_label_selector_without_a_value_is_a_usage_error()
    {
        _sandbox.WriteFile("/a.txt", "one\n", SourceTimes.At(1));
        _sandbox.Commit("--label", "build=1");

        _sandbox.RunFailing(2, ["list_files", "label:build"], "label:build", "KEY=VALUE");
    }

    [Test]
    public void An_ambiguous_prefix_fails_with_exit_code_5_and_names_the_versions_it_could_mean()
    {
        _sandbox.WriteFile("/a.txt", "one\n", SourceTimes.At(1));
        _sandbox.Commit();
        List<string> ids = [];
        string? ambiguous = null;
        for (var n = 2; n <= 30 && ambiguous is null; n++)
        {
            _sandbox.Commit("--label", $"n={n}");
            if (n >= 11 || n % 5 == 0)
            {
                ids = [.. _sandbox.ListVersions().Select(v => v.VersionId)];
                ambiguous = AmbiguousPrefix(ids);
            }
        }

        Assert.That(ambiguous, Is.Not.Null, $"no two of {ids.Count} version ids share a prefix: {string.Join(", ", ids)}");
        var candidates = ids.Where(i => i.StartsWith(ambiguous!, StringComparison.Ordinal)).ToList();

        var result = _sandbox.RunFailing(5, ["list_files", ambiguous!], "ambiguous", $"'{ambiguous}'");

        Assert.That(result.StandardError, Does.Contain(candidates[0]).And.Contain(candidates[1]), result.ToString());
        Assert.That(result.StandardOutput, Is.Empty);
    }

    [Test]
    public void Naming_a_version_before_the_first_commit_fails_with_exit_code_5()
    {
        var empty = _sandbox.RunOk();
        Assert.That(empty.StandardOutput, Does.Contain("No changes"), "an empty base_path makes no version");

        var listed = _sandbox.RunOk("list_versions");
        Assert.That(listed.OutputLines, Is.EqualTo(new[] { "No versions yet." }));
        _sandbox.RunFailing(5, ["list_files", "latest"], "nothing has been committed");
        _sandbox.RunFailing(5, ["download", "latest", "restore"], "nothing has been committed");
    }

    /// <summary>Two versions: /a.txt, then /a.txt changed and /b/c.txt added.</summary>
    private (SortedDictionary<string, FileState> First, SortedDictionary<string, FileState> Second) CommitTwoVersions()
    {
        _sandbox.WriteFile("/a.txt", "version one\n", SourceTimes.At(1));
        _sandbox.WriteFile("/x/y.txt", "unchanged\n", SourceTimes.At(2));
        _sandbox.Commit();
        var first = _sandbox.CaptureBase();
        _sandbox.WriteFile("/a.txt", "version two, longer\n", SourceTimes.At(3));
        _sandbox.WriteFile("/b/c.txt", "new\n", SourceTimes.At(4));
        _sandbox.Commit();
        return (first, _sandbox.CaptureBase());
    }

    /// <summary>A string that is a prefix of at least two ids and is not itself an id, or null.</summary>
    private static string? AmbiguousPrefix(List<string> ids)
    {
        foreach (var a in ids)
        {
            foreach (var b in ids.Where(b => !ReferenceEquals(a, b)))
            {
                var length = 0;
                while (length < a.Length && length < b.Length && a[length] == b[length])
                {
                    length++;
                }

                for (var n = length; n >= 1; n--)
                {
                    if (!ids.Contains(a[..n]))
                    {
                        return a[..n];
                    }
                }
            }
        }

        return null;
    }
}
