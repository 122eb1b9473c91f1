using RRBackup.Cli.Commands;
using RRBackup.Cli.Tests.Support;
using RRBackup.Engine.Configuration;
using RRBackup.Engine.Errors;

namespace RRBackup.Cli.Tests.Ux;

/// <summary>`rrbackup init [PATH]`: a commented starter configuration that works as written, never overwriting a file.</summary>
[TestFixture]
public sealed class InitTests
{
    private CliSandbox _sandbox = null!;

    [SetUp]
    public void SetUp() => _sandbox = new CliSandbox();

    [TearDown]
    public void TearDown() => _sandbox.Dispose();

    [Test]
    public void Init_writes_a_commented_configuration_that_commits_once_base_path_exists()
    {
        var init = _sandbox.RunOk("init");

        Assert.That(init.StandardOutput, Does.Contain(_sandbox.ConfigFile).And.Contain("rrbackup"));
        var text = File.ReadAllText(_sandbox.ConfigFile);
        Assert.That(text, Does.Contain("[local]").And.Contain("# [s3]").And.Contain("# crypt_password:"));
        Assert.That(text.Split('\n').Count(l => l.TrimStart().StartsWith('#')), Is.GreaterThan(20), "it explains itself");

        Directory.CreateDirectory(Path.Combine(_sandbox.Root, "data"));
        File.WriteAllText(Path.Combine(_sandbox.Root, "data", "hello.txt"), "hello\n");
        var commit = _sandbox.Commit();
        Assert.That(commit.StandardError, Is.Empty, "no unknown keys, no warnings: " + commit);
        Assert.That(Directory.Exists(Path.Combine(_sandbox.Root, "store")), Is.True, "the local store beside the configuration");
        Assert.That(_sandbox.ListFiles("latest").Select(f => f.Path), Is.EqualTo(new[] { "/hello.txt" }));
    }

    [Test]
    public void Init_never_overwrites_an_existing_file()
    {
        File.WriteAllText(_sandbox.ConfigFile, "mine\n");

        var result = _sandbox.RunFailing(2, ["init"], "already exists", _sandbox.ConfigFile);

        Assert.That(File.ReadAllText(_sandbox.ConfigFile), Is.EqualTo("mine\n"));
        Assert.That(result.StandardOutput, Is.Empty);
    }

    [Test]
    public void Init_with_a_path_writes_there_and_a_folder_gets_configuration_ini()
    {
        _sandbox.RunOk("init", "other.ini");
        _sandbox.RunOk("init", "sub/");
        var withConfig = _sandbox.RunOk("--config", "third.ini", "init");

        Assert.That(File.Exists(Path.Combine(_sandbox.Root, "other.ini")), Is.True);
        Assert.That(File.Exists(Path.Combine(_sandbox.Root, "sub", "configuration.ini")), Is.True);
        Assert.That(File.Exists(Path.Combine(_sandbox.Root, "third.ini")), Is.True);
        Assert.That(withConfig.StandardOutput, Does.Contain("--config third.ini"), "the next steps name the file");
        Assert.That(File.Exists(_sandbox.ConfigFile), Is.False);
    }

    [Test]
    public void A_missing_configuration_suggests_init()
    {
        _sandbox.RunFailing(3, ["list_versions"], "error RRB2001", _sandbox.ConfigFile, "rrbackup init");
        _sandbox.RunFailing(3, ["--config", "elsewhere.ini"], "rrbackup init elsewhere.ini");
    }

    private static string Uncomment(string text, params string[] keys) =>
        string.Join('\n', text.Split('\n').Select(line =>
            keys.Any(k => line.StartsWith("# " + k, StringComparison.Ordinal)) ? line[2..] : line));

    [Test]
    public void The_commented_examples_are_valid_when_switched_on()
    {
        var file = Path.Combine(_sandbox.Root, "configuration.ini");
        var local = ConfigurationLoader.Parse(StarterConfiguration.Text, file, _ => null);
        Assert.That(local.Warnings, Is.Empty);
        Assert.That(local.Store, Is.InstanceOf<LocalStoreSettings>());

        var encrypted = ConfigurationLoader.Parse(Uncomment(StarterConfiguration.Text, "crypt_password:", "skip_delete:", "[file_pipeline]", "*.jpg:", "*.zip:", "*:"), file, _ => null);
        Assert.That(encrypted.Warnings, Is.Empty);

        var s3Text = Uncomment(StarterConfiguration.Text, "[s3]", "bucket:", "region:", "access_key:", "secret_key:")
            .Replace("[local]\npath: store\n", "", StringComparison.Ordinal);
        var s3 = ConfigurationLoader.Parse(s3Text, file, _ => null);
        Assert.That(s3.Warnings, Is.Empty);
        Assert.That(s3.Store, Is.InstanceOf<S3StoreSettings>());

        var compatible = ConfigurationLoader.Parse(Uncomment(s3Text, "endpoint:", "path_style:", "checksums:"), file, _ => null);
        Assert.That(compatible.Store, Is.InstanceOf<S3StoreSettings>());

        Assert.Throws<RRBackupException>(() => ConfigurationLoader.Parse(Uncomment(StarterConfiguration.Text, "[s3]", "bucket:"), file, _ => null),
            "with both [local] and [s3] the loader refuses, as the comment says to delete [local]");
    }
}
