using RRBackup.Cli.Tests.Support;

namespace RRBackup.Cli.Tests;

/// <summary>Reading configuration.ini: mistakes exit with code 3 and a message naming the file and the key or line; unknown keys warn.</summary>
[TestFixture]
public sealed class ConfigurationFileTests
{
    private const string ValidConfig = """
        [main]
        base_path: base
        local_manifest_file: cache/manifest.json
        crypt_password:
        commit_locked: False

        [local]
        path: store

        """;

    private CliSandbox _sandbox = null!;

    [SetUp]
    public void SetUp()
    {
        _sandbox = new CliSandbox();
        _sandbox.WriteFile("/a.txt", "a\n", SourceTimes.At(1));
    }

    [TearDown]
    public void TearDown() => _sandbox.Dispose();

    [Test]
    public void The_valid_configuration_used_below_works()
    {
        _sandbox.WriteConfigText(ValidConfig);

        var result = _sandbox.Commit();

        Assert.That(result.StandardError, Is.Empty, result.ToString());
    }

    [Test]
    public void A_configuration_saved_with_a_byte_order_mark_crlf_line_ends_and_comment_lines_is_read()
    {
        var windowsText = "\uFEFF# written on Windows\n; and commented\n" + ValidConfig.Replace("commit_locked: False", "commit_locked: False\nignore_files: *.tmp", StringComparison.Ordinal);
        File.WriteAllText(_sandbox.ConfigFile, windowsText.ReplaceLineEndings("\r\n"));
        _sandbox.WriteFile("/scratch.tmp", "ignored\n", SourceTimes.At(2));

        var result = _sandbox.Commit();

        Assert.That(result.StandardError, Is.Empty, result.ToString());
        Assert.That(_sandbox.ListFiles("latest").Select(f => f.Path), Is.EqualTo(new[] { "/a.txt" }), "ignore_files on a CRLF line is read without the '\\r'");
    }

    [Test]
    public void A_missing_configuration_file_fails_with_exit_code_3_naming_the_file()
    {
        var result = _sandbox.RunFailing(3, ["list_versions"], _sandbox.ConfigFile);

        Assert.That(result.StandardOutput, Is.Empty);
    }

    [Test]
    public void A_missing_file_named_with_config_fails_with_exit_code_3_naming_that_file()
    {
        _sandbox.WriteConfigText(ValidConfig);

        _sandbox.RunFailing(3, ["--config", "other.ini", "list_versions"], Path.Combine(_sandbox.Root, "other.ini"));
    }

    [TestCase("commit_locked False")]
    [TestCase("commit_locked = False")]
    [TestCase("just some words")]
    public void A_line_that_is_not_key_colon_value_fails_with_exit_code_3_naming_the_line(string line)
    {
        _sandbox.WriteConfigText(ValidConfig.Replace("commit_locked: False", line, StringComparison.Ordinal));

        _sandbox.RunFailing(3, ["list_versions"], _sandbox.ConfigFile, "line 5");
        Assert.That(Path.Exists(_sandbox.StorePath), Is.False);
    }

    [Test]
    public void A_bad_boolean_fails_with_exit_code_3_naming_the_key_the_line_and_the_value()
    {
        _sandbox.WriteConfigText(ValidConfig.Replace("commit_locked: False", "commit_locked: maybe", StringComparison.Ordinal));

        _sandbox.RunFailing(3, [], _sandbox.ConfigFile, "commit_locked", "line 5", "maybe");
        Assert.That(Path.Exists(_sandbox.StorePath), Is.False, "nothing is committed with a bad configuration");
    }

    [Test]
    public void An_unknown_key_is_a_warning_naming_it_and_the_command_still_succeeds()
    {
        // A typo: 'ignore_file' for 'ignore_files'. It must be reported, and it has no effect.
        _sandbox.WriteConfigText(ValidConfig.Replace("commit_locked: False", "commit_locked: False\nignore_file: *.tmp", StringComparison.Ordinal));
        _sandbox.WriteFile("/scratch.tmp", "kept, the rule is misspelt\n", SourceTimes.At(2));

        var result = _sandbox.Commit();

        Assert.That(result.StandardError, Does.Contain("ignore_file").And.Contain("line 6").And.Contain("unknown"), result.ToString());
        Assert.That(_sandbox.ListFiles("latest").Select(f => f.Path), Is.EqualTo(new[] { "/a.txt", "/scratch.tmp" }));
    }

    [Test]
    public void A_missing_base_path_key_fails_with_exit_code_3_naming_it()
    {
        _sandbox.WriteConfigText(ValidConfig.Replace("base_path: base\n", "", StringComparison.Ordinal));

        _sandbox.RunFailing(3, [], _sandbox.ConfigFile, "base_path");
        Assert.That(Path.Exists(_sandbox.StorePath), Is.False);
    }

    [Test]
    public void A_base_path_that_does_not_exist_fails_a_commit_with_exit_code_3_naming_the_folder()
    {
        _sandbox.WriteConfigText(ValidConfig.Replace("base_path: base", "base_path: no-such-folder", StringComparison.Ordinal));

        _sandbox.RunFailing(3, [], "base_path", Path.Combine(_sandbox.Root, "no-such-folder"));
    }

    [Test]
    public void A_configuration_without_a_store_section_fails_with_exit_code_3()
    {
        _sandbox.WriteConfigText(ValidConfig.Replace("[local]\npath: store\n", "", StringComparison.Ordinal));

        _sandbox.RunFailing(3, ["list_versions"], _sandbox.ConfigFile, "[local]");
    }

    [Test]
    public void A_configuration_with_two_store_sections_fails_with_exit_code_3()
    {
        _sandbox.WriteConfigText(ValidConfig + "[s3]\nbucket: some-bucket\n");

        _sandbox.RunFailing(3, ["list_versions"], _sandbox.ConfigFile, "[s3]");
    }

    [Test]
    public void A_key_set_twice_fails_with_exit_code_3_naming_both_lines()
    {
        _sandbox.WriteConfigText(ValidConfig.Replace("crypt_password:", "commit_locked: True\ncrypt_password:", StringComparison.Ordinal));

        _sandbox.RunFailing(3, ["list_versions"], "commit_locked", "line 6", "line 4");
    }

    [Test]
    public void Relative_paths_resolve_against_the_folder_of_the_configuration_file()
    {
        _sandbox.WriteConfigText(ValidConfig);
        var elsewhere = _sandbox.NewPath("elsewhere");
        Directory.CreateDirectory(elsewhere);

        var result = RrBackupProcess.Run(elsewhere, ["--config", _sandbox.ConfigFile]);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(Directory.Exists(_sandbox.StorePath), Is.True, "the store is [local] path resolved against the config's folder");
        Assert.That(File.Exists(_sandbox.CacheFile), Is.True, "the cache is local_manifest_file resolved against the config's folder");
        Assert.That(Directory.EnumerateFileSystemEntries(elsewhere), Is.Empty, "nothing is written in the working directory");
        Assert.That(_sandbox.ListFiles("latest").Select(f => f.Path), Is.EqualTo(new[] { "/a.txt" }));
    }
}
