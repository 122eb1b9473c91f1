using RRBackup.Cake.Tests.Support;

namespace RRBackup.Cake.Tests;

/// <summary>Downloading a version that does not exist stops the Cake run with the RRBackup message and code.</summary>
[TestFixture]
public sealed class UnknownVersionTests
{
    private const string Unknown = "ffffffffffff";
    private CakeSandbox _sandbox = null!;

    [SetUp]
    public void CreateSandbox()
    {
        _sandbox = new CakeSandbox();
        _sandbox.WriteConfig();
        _sandbox.WriteFile("/a.txt", "a\n");
    }

    [TearDown]
    public void DeleteSandbox() => _sandbox.Dispose();

    [Test]
    public void In_a_task_it_fails_the_task_and_the_run_with_the_RRBackup_message()
    {
        _sandbox.WriteScript("roundtrip.cake", AddinDirective.For(AddinLoading.Reference));

        var result = _sandbox.RunCake(["--target=Commit-And-Download", $"--backup-version={Unknown}"]);

        Assert.That(result.ExitCode, Is.Not.EqualTo(0), result.ToString());
        Assert.That(result.Results("commit"), Has.Count.EqualTo(1), "the commit before the download ran" + Environment.NewLine + result);
        Assert.That(result.AllOutput, Does.Contain("An error occurred when executing task 'Download'"), result.ToString());
        Assert.That(result.AllOutput, Does.Contain($"RRB4001: version '{Unknown}' does not exist"), result.ToString());
        Assert.That(result.Results("download"), Is.Empty, result.ToString());
        Assert.That(Directory.Exists(_sandbox.PathOf("restored")), Is.False, "nothing is downloaded");
    }

    [Test]
    public void Outside_a_task_it_ends_Cake_with_the_exit_code_of_rrbackup()
    {
        _sandbox.WriteScript("toplevel.cake", AddinDirective.For(AddinLoading.Reference));

        var result = _sandbox.RunCake([$"--backup-version={Unknown}"]);

        Assert.That(result.ExitCode, Is.EqualTo(5), "rrbackup's exit code for a version not found" + Environment.NewLine + result);
        Assert.That(result.AllOutput, Does.Contain($"RRB4001: version '{Unknown}' does not exist"), result.ToString());
    }
}
