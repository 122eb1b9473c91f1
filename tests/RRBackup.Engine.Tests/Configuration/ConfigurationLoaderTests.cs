using RRBackup.Engine.Configuration;
using RRBackup.Engine.Errors;

namespace RRBackup.Engine.Tests.Configuration;

[TestFixture]
public sealed class ConfigurationLoaderTests
{
    private const string File = "/work/configs/configuration.ini";

    private const string Valid = """
        # a comment
        [main]
        base_path:           data
        local_manifest_file: /var/cache/rrbackup.json
        crypt_password:
        commit_locked:       False
        ignore_files:        *.tmp, /cache
        skip_delete:         /snapshots

        [local]
        path: ../store
        """;

    [Test]
    public void A_valid_file_loads_with_paths_resolved_against_its_folder()
    {
        var config = ConfigurationLoader.Parse(Valid, File);

        Assert.That(config.BasePath, Is.EqualTo("/work/configs/data"));
        Assert.That(config.LocalManifestFile, Is.EqualTo("/var/cache/rrbackup.json"));
        Assert.That(config.Store, Is.EqualTo(new LocalStoreSettings("/work/store")));
        Assert.That(config.CommitLocked, Is.False);
        Assert.That(config.IgnoreFiles.Patterns.Select(p => p.Text), Is.EqualTo(new[] { "*.tmp", "/cache" }));
        Assert.That(config.SkipDelete.Patterns.Select(p => p.Text), Is.EqualTo(new[] { "/snapshots" }));
        Assert.That(config.Names, Is.EqualTo(RemoteNames.Default));
        Assert.That(config.Warnings, Is.Empty);
    }

    [Test]
    public void The_metadata_names_can_be_obfuscated()
    {
        var config = ConfigurationLoader.Parse(Valid.Replace("[local]", "remote_manifest_diff_file: asdfgjkll\nremote_gc_log_file: cvbnmoytety\nremote_password_salt_file: qwertyuio\n[local]", StringComparison.Ordinal), File);

        Assert.That(config.Names, Is.EqualTo(new RemoteNames("asdfgjkll", "cvbnmoytety", "qwertyuio", "key_file", "garbage_log", "manifest_checkpoints")));
    }

    [Test]
    public void A_missing_file_is_named()
    {
        var error = Assert.Throws<RRBackupException>(() => ConfigurationLoader.Load("/no/such/configuration.ini"));

        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.ConfigFileMissing));
        Assert.That(error.Message, Does.Contain("/no/such/configuration.ini"));
    }

    [TestCase("commit_locked:       False", "commit_locked:       maybe", ErrorCodes.ConfigInvalidValue, "[main] commit_locked (line 6)")]
    [TestCase("base_path:           data\n", "", ErrorCodes.ConfigMissingKey, "[main] base_path")]
    [TestCase("crypt_password:\n", "crypt_password:\nnot a key value line\n", ErrorCodes.ConfigSyntax, "line 6")]
    [TestCase("crypt_password:\n", "crypt_password:\nbase_path: again\n", ErrorCodes.ConfigSyntax, "line 6")]
    [TestCase("[local]\npath: ../store", "", ErrorCodes.ConfigStoreSection, "no store is configured")]
    [TestCase("[local]\npath: ../store", "[local]\npath: x\n[s3]\nbucket: b", ErrorCodes.ConfigStoreSection, "both sections")]
    [TestCase("ignore_files:        *.tmp, /cache", "ignore_files:        a\\b", ErrorCodes.ConfigInvalidPattern, "[main] ignore_files (line 7)")]
    [TestCase("[main]\n", "", ErrorCodes.ConfigSyntax, "line 2")]
    public void A_mistake_is_reported_with_its_file_and_place(string replace, string with, string code, string place)
    {
        var error = Assert.Throws<RRBackupException>(() => ConfigurationLoader.Parse(Valid.Replace(replace, with, StringComparison.Ordinal), File));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.Configuration));
        Assert.That(error.Code, Is.EqualTo(code));
        Assert.That(error.Message, Does.Contain(File).And.Contain(place));
    }

    [Test]
    public void An_unknown_key_is_a_warning_that_names_it()
    {
        var config = ConfigurationLoader.Parse(Valid.Replace("commit_locked:", "comit_lockd: True\ncommit_locked:", StringComparison.Ordinal), File);

        Assert.That(config.Warnings.Single(), Does.Contain("comit_lockd").And.Contain("line 6").And.Contain(File));
    }

    [Test]
    public void A_syntax_error_does_not_echo_the_line_which_may_hold_a_secret()
    {
        var text = Valid.Replace("crypt_password:\n", "crypt_password = hunter2\n", StringComparison.Ordinal);

        var error = Assert.Throws<RRBackupException>(() => ConfigurationLoader.Parse(text, File));

        Assert.That(error!.Message, Does.Not.Contain("hunter2"));
    }

    [Test]
    public void An_s3_section_reads_every_key()
    {
        var text = Valid.Replace("[local]\npath: ../store", "[s3]\naccess_key: AK\nsecret_key: SK\nbucket: my-bucket\nendpoint: http://127.0.0.1:7480\nregion: eu-west-1\npath_style: True\nchecksums: when_required\nconcurrency: 16\nstorage_class: STANDARD_IA", StringComparison.Ordinal);

        var s3 = (S3StoreSettings)ConfigurationLoader.Parse(text, File).Store;

        Assert.That((s3.Bucket, s3.AccessKey, s3.SecretKey, s3.Endpoint, s3.Region), Is.EqualTo(("my-bucket", "AK", "SK", "http://127.0.0.1:7480", "eu-west-1")));
        Assert.That((s3.PathStyle, s3.ChecksumsWhenRequired, s3.Concurrency, s3.StorageClass), Is.EqualTo((true, true, 16, "STANDARD_IA")));
        Assert.That(s3.ToString(), Does.Not.Contain("SK"));
    }
}
