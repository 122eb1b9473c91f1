using RRBackup.Cli.Tests.Support;
using static RRBackup.Cli.Tests.Ux.UxRun;

namespace RRBackup.Cli.Tests.Ux;

/// <summary>--quiet, colours only on a terminal (never when piped or with NO_COLOR), the header line, and the live display.</summary>
[TestFixture]
public sealed class OutputStyleTests
{
    private const string HideCursor = "\u001b[?25l";
    private const string ShowCursor = "\u001b[?25h";

    private CliSandbox _sandbox = null!;

    [SetUp]
    public void SetUp()
    {
        _sandbox = new CliSandbox();
        _sandbox.WriteConfig();
        _sandbox.WriteFile("/a.txt", "alpha\n", SourceTimes.At(1));
        _sandbox.WriteFile("/b.txt", "bravo\n", SourceTimes.At(2));
    }

    [TearDown]
    public void TearDown() => _sandbox.Dispose();

    [Test]
    public void Quiet_prints_nothing_on_success_not_even_warnings()
    {
        File.AppendAllText(_sandbox.ConfigFile, "\n[unknown_section]\nkey: value\n");

        var commit = _sandbox.RunOk("--quiet");
        var list = _sandbox.RunOk("list_versions", "-q");
        var download = _sandbox.RunOk("download", "latest", "restore", "--quiet");

        foreach (var result in new[] { commit, list, download })
        {
            Assert.That(result.StandardOutput, Is.Empty, result.ToString());
            Assert.That(result.StandardError, Is.Empty, result.ToString());
        }

        Assert.That(File.ReadAllText(Path.Combine(_sandbox.Root, "restore", "a.txt")), Is.EqualTo("alpha\n"), "quiet changes what is printed, not what is done");
    }

    [Test]
    public void Quiet_still_prints_errors_and_the_exit_code_says_what_failed()
    {
        _sandbox.Commit();

        var result = _sandbox.RunFailing(5, ["list_files", "nope", "--quiet"], "error RRB4001");

        Assert.That(result.StandardOutput, Is.Empty);
        Assert.That(result.ErrorLines, Has.Count.EqualTo(1));
    }

    [Test]
    public void Quiet_with_json_prints_the_document_only()
    {
        var result = _sandbox.RunOk("--quiet", "--json");

        Assert.That(JsonOf(result).GetProperty("new_version").GetBoolean(), Is.True);
        Assert.That(result.StandardError, Is.Empty);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Piped_output_has_no_escape_codes_with_or_without_NO_COLOR(bool noColor)
    {
        var environment = noColor ? new Dictionary<string, string> { ["NO_COLOR"] = "1" } : new Dictionary<string, string>();
        File.AppendAllText(_sandbox.ConfigFile, "\n[unknown_section]\nkey: value\n");
        var outputs = new List<ProcessResult>
        {
            Run(_sandbox, environment, "--label", "build=1", "--progress", "plain"),
            Run(_sandbox, environment, "list_versions"),
            Run(_sandbox, environment, "list_files", "latest"),
            Run(_sandbox, environment, "list_changes", "latest"),
            Run(_sandbox, environment, "download", "latest", "restore", "--mirror"),
            Run(_sandbox, environment, "verify"),
            Run(_sandbox, environment, "list_files", "no-such-version"),
            Run(_sandbox, environment, "--help"),
            Run(_sandbox, environment, "download", "--help"),
        };

        foreach (var result in outputs)
        {
            Assert.That(HasEscape(result.StandardOutput), Is.False, result.ToString());
            Assert.That(HasEscape(result.StandardError), Is.False, result.ToString());
        }

        Assert.That(outputs[0].StandardError, Does.Contain("warning RRB2005"));
        Assert.That(outputs[6].ErrorLines, Has.Some.StartsWith("error RRB4001: "));
        Assert.That(outputs[1].OutputLines, Has.Count.EqualTo(1), "no header line when piped");
    }

    [Test]
    public void On_a_terminal_the_output_has_colours_and_a_header_and_NO_COLOR_takes_them_away()
    {
        _sandbox.Commit("--label", "build=1");

        var coloured = TerminalRun.Run(_sandbox.Root, new Dictionary<string, string?>(), "list_versions");
        var plain = TerminalRun.Run(_sandbox.Root, new Dictionary<string, string?> { ["NO_COLOR"] = "1" }, "list_versions");
        var noColorOption = TerminalRun.Run(_sandbox.Root, new Dictionary<string, string?>(), "list_changes", "latest", "--no-color");
        var error = TerminalRun.Run(_sandbox.Root, new Dictionary<string, string?>(), "list_files", "no-such-version");

        Assert.That(coloured.ExitCode, Is.Zero, coloured.Screen);
        Assert.That(HasColour(coloured.Screen), Is.True, coloured.Screen);
        Assert.That(coloured.Screen, Does.Contain("VERSION"), "a header line on a terminal");
        Assert.That(plain.ExitCode, Is.Zero, plain.Screen);
        Assert.That(HasColour(plain.Screen), Is.False, plain.Screen);
        Assert.That(plain.Screen, Does.Contain("TIME").And.Contain("VERSION"));
        Assert.That(HasColour(noColorOption.Screen), Is.False, noColorOption.Screen);
        Assert.That(noColorOption.Screen, Does.Contain("added    /a.txt"));
        Assert.That(error.ExitCode, Is.EqualTo(5), error.Screen);
        Assert.That(HasColour(error.Screen), Is.True, "errors are coloured on a terminal: " + error.Screen);
    }

    [Test]
    /// <remarks>What the display shows while it runs depends on how long each phase takes; <see cref="LiveProgressTests"/> checks that, fed reports directly.</remarks>
    public void On_a_terminal_a_commit_draws_a_live_display_and_clears_it_at_the_end()
    {
        WriteManyFiles(_sandbox, 1_500, 4096);

        var (exitCode, screen) = TerminalRun.Run(_sandbox.Root, new Dictionary<string, string?>(), "--label", "build=2");

        Assert.That(exitCode, Is.Zero, screen);
        Assert.That(screen, Does.Contain(HideCursor), "the live display takes the cursor while it draws");
        Assert.That(screen.LastIndexOf(ShowCursor, StringComparison.Ordinal), Is.GreaterThan(screen.IndexOf(HideCursor, StringComparison.Ordinal)), "and gives it back when it is cleared");
        Assert.That(screen, Does.Contain("Committed version"));
        Assert.That(screen, Does.Not.Contain("Hashing: done"), "no plain log lines on a terminal");
    }
}
