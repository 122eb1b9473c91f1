using RRBackup.Engine.Errors;

namespace RRBackup.MSBuild.Tests.Tasks;

/// <summary>RRBackupCommit run in the test process: outputs, no-change, labels, errors and cancellation.</summary>
[TestFixture]
public sealed class CommitTaskTests
{
    private TaskSandbox _sandbox = null!;

    [SetUp]
    public void SetUp() => _sandbox = new TaskSandbox();

    [TearDown]
    public void TearDown() => _sandbox.Dispose();

    [Test]
    public void A_commit_sets_the_version_and_the_counts()
    {
        _sandbox.WriteFile("a.txt", "a");
        _sandbox.WriteFile("b/c.txt", "c");
        var task = _sandbox.Task(new RRBackupCommit { Labels = ["build=77", "git=abc123"], Message = "m" });

        var ok = task.Execute();

        Assert.That(ok, Is.True, _sandbox.Engine.Log);
        Assert.That(task.VersionId, Is.Not.Empty);
        Assert.That((task.Sequence, task.Added, task.Changed, task.Deleted, task.FileCount, task.ObjectsUploaded), Is.EqualTo((1L, 2, 0, 0, 2L, 2)));
        Assert.That(_sandbox.Engine.Messages.Select(m => m.Message), Has.Some.StartsWith($"RRBackupCommit: committed '{_sandbox.Data}' as version {task.VersionId}"));
    }

    [Test]
    public void No_change_without_labels_is_success_with_an_empty_version_id_and_a_message()
    {
        _sandbox.WriteFile("a.txt", "a");
        Assert.That(_sandbox.Task(new RRBackupCommit()).Execute(), Is.True, _sandbox.Engine.Log);
        var again = _sandbox.Task(new RRBackupCommit());

        var ok = again.Execute();

        Assert.That(ok, Is.True, _sandbox.Engine.Log);
        Assert.That(again.VersionId, Is.Empty);
        Assert.That(again.FileCount, Is.EqualTo(1));
        Assert.That(_sandbox.Engine.Messages.Select(m => m.Message), Has.Some.Contains("no changes"));
    }

    [Test]
    public void No_change_with_labels_makes_an_empty_version_that_carries_them()
    {
        _sandbox.WriteFile("a.txt", "a");
        Assert.That(_sandbox.Task(new RRBackupCommit()).Execute(), Is.True, _sandbox.Engine.Log);
        var labelled = _sandbox.Task(new RRBackupCommit { Labels = ["build=78"] });

        var ok = labelled.Execute();

        Assert.That(ok, Is.True, _sandbox.Engine.Log);
        Assert.That(labelled.VersionId, Is.Not.Empty);
        Assert.That((labelled.Sequence, labelled.Added, labelled.Changed, labelled.Deleted), Is.EqualTo((2L, 0, 0, 0)));
    }

    [Test]
    public void BasePath_overrides_base_path()
    {
        var other = Path.Combine(_sandbox.Root, "other");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "only-here.txt"), "x");
        var task = _sandbox.Task(new RRBackupCommit { BasePath = other + Path.DirectorySeparatorChar });

        Assert.That(task.Execute(), Is.True, _sandbox.Engine.Log);

        Assert.That((task.Added, task.FileCount), Is.EqualTo((1, 1L)));
    }

    [Test]
    public void An_engine_error_is_logged_with_its_code_the_configuration_file_and_its_line()
    {
        _sandbox.WriteConfig("commit_locked: True");
        var task = _sandbox.Task(new RRBackupCommit());

        var ok = task.Execute();

        Assert.That(ok, Is.False);
        var error = _sandbox.Engine.Errors.Single();
        Assert.That((error.Code, error.File, error.LineNumber), Is.EqualTo((ErrorCodes.CommitLocked, _sandbox.ConfigFile, 4)), _sandbox.Engine.Log);
        Assert.That(error.Message, Does.Not.StartWith(_sandbox.ConfigFile), "MSBuild shows the file already");
    }

    [Test]
    public void A_bad_label_is_a_usage_error_and_nothing_is_committed()
    {
        _sandbox.WriteFile("a.txt", "a");
        var task = _sandbox.Task(new RRBackupCommit { Labels = ["build"] });

        Assert.That(task.Execute(), Is.False);

        Assert.That(_sandbox.Engine.Errors.Single().Code, Is.EqualTo(ErrorCodes.InvalidArguments), _sandbox.Engine.Log);
        Assert.That(Directory.Exists(Path.Combine(_sandbox.Root, "store")), Is.False);
    }

    [Test]
    public void A_missing_configuration_file_is_logged_with_its_code_and_path()
    {
        var missing = Path.Combine(_sandbox.Root, "nowhere", "configuration.ini");
        var task = _sandbox.Task(new RRBackupCommit());
        task.ConfigFile = missing;

        Assert.That(task.Execute(), Is.False);

        var error = _sandbox.Engine.Errors.Single();
        Assert.That((error.Code, error.File), Is.EqualTo((ErrorCodes.ConfigFileMissing, missing)));
        Assert.That(error.Message, Is.EqualTo($"configuration file '{missing}' does not exist"));
    }

    [Test]
    public void Unknown_keys_are_warnings_with_their_code_and_line()
    {
        _sandbox.WriteConfig("bogus_key: 1");
        _sandbox.WriteFile("a.txt", "a");
        var task = _sandbox.Task(new RRBackupCommit());

        Assert.That(task.Execute(), Is.True, _sandbox.Engine.Log);

        var warning = _sandbox.Engine.Warnings.Single();
        Assert.That((warning.Code, warning.File, warning.LineNumber), Is.EqualTo((ErrorCodes.ConfigUnknownKey, _sandbox.ConfigFile, 4)));
    }

    [Test]
    public void A_task_cancelled_before_it_runs_fails_without_an_error_and_commits_nothing()
    {
        _sandbox.WriteFile("a.txt", "a");
        var task = _sandbox.Task(new RRBackupCommit { Labels = ["build=1"] });
        task.Cancel();

        var ok = task.Execute();

        Assert.That(ok, Is.False);
        Assert.That(_sandbox.Engine.Errors, Is.Empty, _sandbox.Engine.Log);
        Assert.That(_sandbox.Engine.Messages.Select(m => m.Message), Has.Some.StartsWith("RRBackupCommit: cancelled"));
        Assert.That(task.VersionId, Is.Empty);
        Assert.That(Directory.Exists(Path.Combine(_sandbox.Root, "store", "keys", "manifest_diffs")), Is.False, "no version was written");
    }
}
