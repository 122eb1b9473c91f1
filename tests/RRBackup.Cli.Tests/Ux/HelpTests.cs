using RRBackup.Cli.Tests.Support;

namespace RRBackup.Cli.Tests.Ux;

/// <summary>Help that teaches: `rrbackup --help`, `rrbackup COMMAND --help` with examples, and errors that suggest the fix.</summary>
[TestFixture]
public sealed class HelpTests
{
    private CliSandbox _sandbox = null!;

    [SetUp]
    public void SetUp() => _sandbox = new CliSandbox();

    [TearDown]
    public void TearDown() => _sandbox.Dispose();

    [Test]
    public void General_help_names_every_command_and_has_examples()
    {
        var help = _sandbox.RunOk("--help");

        foreach (var command in ArgumentParser.Commands.Where(c => c != "commit"))
        {
            Assert.That(help.StandardOutput, Does.Contain("rrbackup " + command), command);
        }

        Assert.That(help.StandardOutput, Does.Contain("Examples:").And.Contain("--json").And.Contain("--atomic").And.Contain("rrbackup COMMAND --help"));
    }

    [TestCase("commit", "--label")]
    [TestCase("list_versions", "awk")]
    [TestCase("list_files", "label:build=123")]
    [TestCase("list_changes", "deduplicated")]
    [TestCase("download", "--atomic")]
    [TestCase("verify", "--read-data")]
    [TestCase("garbage_collect", "--dry-run")]
    [TestCase("decode", "OBJECT_FILE")]
    [TestCase("recover", "TARGET")]
    [TestCase("change_password", "--new-password-file")]
    [TestCase("init", "starter")]
    public void Command_help_shows_usage_options_and_examples_without_a_configuration(string command, string mentions)
    {
        var help = _sandbox.RunOk(command, "--help");
        var word = _sandbox.RunOk("help", command);

        Assert.That(help.StandardOutput, Does.StartWith($"Usage: rrbackup"));
        Assert.That(help.StandardOutput, Does.Contain("Options:").And.Contain("Examples:").And.Contain(mentions).And.Contain("--config"));
        Assert.That(help.StandardError, Is.Empty);
        Assert.That(word.StandardOutput, Is.EqualTo(help.StandardOutput), "'rrbackup help COMMAND' is the same");
        Assert.That(File.Exists(_sandbox.ConfigFile), Is.False);
    }

    [Test]
    public void Json_is_listed_only_for_commands_that_print_results()
    {
        Assert.That(_sandbox.RunOk("download", "--help").StandardOutput, Does.Contain("--json"));
        Assert.That(_sandbox.RunOk("init", "--help").StandardOutput, Does.Not.Contain("--json"));
    }

    [Test]
    public void A_mistyped_option_or_command_suggests_the_right_one()
    {
        _sandbox.WriteConfig();

        _sandbox.RunFailing(2, ["download", "latest", "out", "--mirorr"], "'--mirorr'", "did you mean '--mirror'", "rrbackup download --help");
        _sandbox.RunFailing(2, ["list_version"], "'list_version'", "did you mean 'list_versions'");
        _sandbox.RunFailing(2, ["garbage-collect"], "did you mean 'garbage_collect'");
    }

    [Test]
    public void A_wrong_number_of_arguments_shows_the_usage_and_points_at_the_command_help()
    {
        _sandbox.WriteConfig();

        _sandbox.RunFailing(2, ["list_files"], "usage: rrbackup list_files VERSION", "rrbackup list_files --help");
    }

    [Test]
    public void Options_also_take_their_value_after_an_equals_sign()
    {
        _sandbox.WriteConfig();
        _sandbox.WriteFile("/a.txt", "a\n", SourceTimes.At(1));

        _sandbox.Commit("--label=build=7", "--message=hi", "--progress=none");

        Assert.That(_sandbox.ListVersions().Single().Line, Does.Contain("build=7").And.Contain("\"hi\""));
        _sandbox.RunFailing(2, ["--json=yes"], "takes no value");
    }
}
