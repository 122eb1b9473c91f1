using RRBackup.Engine.Errors;

namespace RRBackup.MSBuild.Tests.Tasks;

/// <summary>RRBackupDownload and the list tasks run in the test process: selectors, filters and their errors.</summary>
[TestFixture]
public sealed class DownloadTaskTests
{
    private TaskSandbox _sandbox = null!;

    [SetUp]
    public void SetUp()
    {
        _sandbox = new TaskSandbox();
        _sandbox.WriteFile("keep/a.txt", "a");
        _sandbox.WriteFile("skip/b.txt", "b");
        _sandbox.WriteFile("notes.md", "n");
        Assert.That(_sandbox.Task(new RRBackupCommit { Labels = ["build=5"] }).Execute(), Is.True, _sandbox.Engine.Log);
    }

    [TearDown]
    public void TearDown() => _sandbox.Dispose();

    [Test]
    public void Include_Exclude_and_a_filter_file_select_what_is_downloaded()
    {
        var filter = Path.Combine(_sandbox.Root, "filter.txt");
        File.WriteAllLines(filter, ["# not these", "/skip"]);
        var target = Path.Combine(_sandbox.Root, "target");
        var task = _sandbox.Task(new RRBackupDownload
        {
            Version = "label:build=5", Target = target, Include = ["*.txt"], Exclude = ["  "], FilterFile = filter,
        });

        Assert.That(task.Execute(), Is.True, _sandbox.Engine.Log);

        Assert.That(task.DownloadedFiles.Select(i => i.ItemSpec), Is.EqualTo(new[] { Path.Combine(target, "keep", "a.txt") }));
        Assert.That(task.DownloadedFiles[0].GetMetadata("BackupPath"), Is.EqualTo("/keep/a.txt"));
        Assert.That(task.Bytes, Is.EqualTo(1));
    }

    [Test]
    public void Mode_Mirror_makes_the_target_exactly_the_version()
    {
        var target = Path.Combine(_sandbox.Root, "target");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "extra.txt"), "not in the version");
        var task = _sandbox.Task(new RRBackupDownload { Version = "latest", Target = target, Mode = "mirror" });

        Assert.That(task.Execute(), Is.True, _sandbox.Engine.Log);

        Assert.That(File.Exists(Path.Combine(target, "extra.txt")), Is.False);
        Assert.That(File.ReadAllText(Path.Combine(target, "skip", "b.txt")), Is.EqualTo("b"));
    }

    [Test]
    public void An_unknown_mode_is_a_usage_error()
    {
        var task = _sandbox.Task(new RRBackupDownload { Version = "latest", Target = Path.Combine(_sandbox.Root, "t"), Mode = "sideways" });

        Assert.That(task.Execute(), Is.False);

        Assert.That(_sandbox.Engine.Errors.Single().Code, Is.EqualTo(ErrorCodes.InvalidArguments), _sandbox.Engine.Log);
        Assert.That(_sandbox.Engine.Errors.Single().Message, Is.EqualTo("Mode: 'sideways' is not one of: Merge, Mirror, Atomic"));
    }

    [Test]
    public void A_pattern_with_a_backslash_is_a_usage_error()
    {
        var task = _sandbox.Task(new RRBackupDownload { Version = "latest", Target = Path.Combine(_sandbox.Root, "t"), Exclude = ["a\\b"] });

        Assert.That(task.Execute(), Is.False);

        Assert.That(_sandbox.Engine.Errors.Single().Code, Is.EqualTo(ErrorCodes.InvalidArguments), _sandbox.Engine.Log);
        Assert.That(_sandbox.Engine.Errors.Single().Message, Does.StartWith("Exclude or FilterFile:"));
    }

    [TestCase("label:build=6", ErrorCodes.VersionNotFound)]
    [TestCase("nonexistent", ErrorCodes.VersionNotFound)]
    [TestCase("label:nonsense", ErrorCodes.InvalidArguments)]
    public void An_unknown_version_fails_with_the_engine_code(string selector, string code)
    {
        var task = _sandbox.Task(new RRBackupListFiles { Version = selector });

        Assert.That(task.Execute(), Is.False);

        Assert.That(_sandbox.Engine.Errors.Single().Code, Is.EqualTo(code), _sandbox.Engine.Log);
    }

    [Test]
    public void The_list_tasks_give_one_item_per_version_and_per_file()
    {
        var versions = _sandbox.Task(new RRBackupListVersions());
        var files = _sandbox.Task(new RRBackupListFiles { Version = "latest" });

        Assert.That(versions.Execute() && files.Execute(), Is.True, _sandbox.Engine.Log);

        Assert.That(versions.Versions.Single().GetMetadata("Labels"), Is.EqualTo("build=5"));
        Assert.That(versions.LatestVersionId, Is.EqualTo(versions.Versions[0].ItemSpec));
        Assert.That(files.Files.Select(f => f.ItemSpec), Is.EqualTo(new[] { "/keep/a.txt", "/notes.md", "/skip/b.txt" }));
        Assert.That(files.Files[0].GetMetadata("Size"), Is.EqualTo("1"));
        Assert.That(files.VersionId, Is.EqualTo(versions.LatestVersionId));
    }
}
