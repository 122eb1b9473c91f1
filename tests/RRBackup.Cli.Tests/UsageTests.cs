using RRBackup.Cli.Tests.Support;

namespace RRBackup.Cli.Tests;

/// <summary>The command line itself: help, unknown commands and options, wrong argument counts (exit code 2).</summary>
[TestFixture]
public sealed class UsageTests
{
    private CliSandbox _sandbox = null!;

    [SetUp]
    public void SetUp() => _sandbox = new CliSandbox();

    [TearDown]
    public void TearDown() => _sandbox.Dispose();

    [TestCase("--help")]
    [TestCase("-h")]
    public void Help_exits_with_0_and_describes_every_command_even_without_a_configuration(string option)
    {
        var result = _sandbox.RunOk(option);

        Assert.That(result.StandardOutput, Does.Contain("list_versions").And.Contain("list_files").And.Contain("list_changes").And.Contain("download"));
        Assert.That(result.StandardOutput, Does.Contain("--include").And.Contain("--exclude").And.Contain("label:"));
        Assert.That(result.StandardError, Is.Empty);
    }

    [Test]
    public void An_unknown_command_fails_with_exit_code_2_naming_it()
    {
        _sandbox.WriteConfig();

        var result = _sandbox.RunFailing(2, ["list_version"], "'list_version'");

        Assert.That(result.StandardOutput, Is.Empty);
    }

    [Test]
    public void An_unknown_option_fails_with_exit_code_2_naming_it()
    {
        _sandbox.WriteConfig();

        _sandbox.RunFailing(2, ["list_versions", "--verbose"], "'--verbose'");
        Assert.That(Path.Exists(_sandbox.StorePath), Is.False);
    }

    [Test]
    public void An_option_without_its_value_fails_with_exit_code_2()
    {
        _sandbox.WriteConfig();

        _sandbox.RunFailing(2, ["--message"], "--message");
    }

    [Test]
    public void A_label_that_is_not_key_equals_value_fails_with_exit_code_2_and_commits_nothing()
    {
        _sandbox.WriteConfig();
        _sandbox.WriteFile("/a.txt", "a\n", SourceTimes.At(1));

        _sandbox.RunFailing(2, ["--label", "nightly"], "nightly");
        Assert.That(Path.Exists(_sandbox.StorePath), Is.False);
    }

    [TestCase("list_files")]
    [TestCase("list_changes")]
    [TestCase("download latest")]
    [TestCase("download latest a b c")]
    [TestCase("list_versions extra")]
    [TestCase("commit extra")]
    public void A_command_with_the_wrong_number_of_arguments_fails_with_exit_code_2(string commandLine)
    {
        _sandbox.WriteConfig();
        _sandbox.WriteFile("/a.txt", "a\n", SourceTimes.At(1));

        var result = _sandbox.RunFailing(2, commandLine.Split(' '), commandLine.Split(' ')[0]);

        Assert.That(result.StandardOutput, Is.Empty, result.ToString());
        Assert.That(Path.Exists(Path.Combine(_sandbox.Root, "a")), Is.False);
    }
}
