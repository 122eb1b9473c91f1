using RRBackup.Engine.Configuration;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Pipeline;

namespace RRBackup.Engine.Tests.Configuration;

[TestFixture]
public sealed class PipelineConfigurationTests
{
    private const string File = "/work/configs/configuration.ini";

    private static string Config(string main = "", string sections = "") => $"""
        [main]
        base_path: data
        local_manifest_file: cache.json
        {main}

        [local]
        path: store

        {sections}
        """;

    [Test]
    public void File_pipeline_rules_keep_the_order_of_the_file()
    {
        var rules = new[] { "/z/*", "/a/*", "*.log", "/m/**", "/b/*", "/y/*", "*.txt", "/c" };
        var section = "[file_pipeline]\n" + string.Join("\n", rules.Select((r, i) => $"{r}: {(i % 2 == 0 ? "compress" : "encrypt")}"));

        var settings = ConfigurationLoader.Parse(Config("crypt_password: p", section), File).Pipelines;

        Assert.That(settings.FileRules.Select(r => r.Pattern.Text), Is.EqualTo(rules));
        Assert.That(settings.ForFile("/a/x.log"), Is.EqualTo(Transforms.Encrypt), "'/a/*' comes before '*.log'");
        Assert.That(settings.ForFile("/q/x.log"), Is.EqualTo(Transforms.Compress));
        Assert.That(settings.ForFile("/unmatched"), Is.EqualTo(Transforms.Compress | Transforms.Encrypt), "with a password an unmatched file is encrypted");
    }

    [Test]
    public void An_empty_rule_stores_files_as_they_are()
    {
        var settings = ConfigurationLoader.Parse(Config("crypt_password: p", "[file_pipeline]\n/public/*:"), File).Pipelines;

        Assert.That(settings.ForFile("/public/a"), Is.EqualTo(Transforms.None));
    }

    [Test]
    public void A_pattern_given_twice_is_an_error_naming_both_lines()
    {
        var error = Assert.Throws<RRBackupException>(() => ConfigurationLoader.Parse(Config("crypt_password: p", "[file_pipeline]\n/a/*: compress\n/a/*: encrypt"), File));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.Configuration));
        Assert.That(error.Message, Does.Contain("/a/*").And.Contain("line 11").And.Contain("line 10"));
    }

    [Test]
    public void Without_a_password_nothing_is_transformed_by_default()
    {
        var settings = ConfigurationLoader.Parse(Config(), File, _ => null).Pipelines;

        Assert.That((settings.Meta, settings.DefaultFile, settings.NeedsKey), Is.EqualTo((Transforms.None, Transforms.None, false)));
    }

    [Test]
    public void With_a_password_and_no_pipeline_everything_is_compressed_and_encrypted()
    {
        var settings = ConfigurationLoader.Parse(Config("crypt_password: p"), File).Pipelines;

        Assert.That((settings.Meta, settings.DefaultFile), Is.EqualTo((Transforms.Compress | Transforms.Encrypt, Transforms.Compress | Transforms.Encrypt)));
    }

    [TestCase("meta_pipeline: encrypt", "", "[main] meta_pipeline")]
    [TestCase("", "[file_pipeline]\n/x/*: hash_names, encrypt", "[file_pipeline] /x/*")]
    public void Encryption_or_hashed_names_without_a_password_is_an_error(string main, string sections, string where)
    {
        var error = Assert.Throws<RRBackupException>(() => ConfigurationLoader.Parse(Config(main, sections), File, _ => null));

        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.PasswordMissing));
        Assert.That(error.Message, Does.Contain(where));
    }

    [TestCase("meta_pipeline: compress, shred", "'shred' is not a transform")]
    [TestCase("\n[file_pipeline]\n/x/*: hash_names, compress", "hash_names needs encrypt")]
    [TestCase("meta_pipeline: hash_names", "hash_names does not apply")]
    [TestCase("cipher: rot13", "'rot13' is not one of")]
    public void A_bad_pipeline_setting_is_an_error(string main, string problem)
    {
        var error = Assert.Throws<RRBackupException>(() => ConfigurationLoader.Parse(Config("crypt_password: p\n" + main), File));

        Assert.That(error!.Message, Does.Contain(problem));
    }

    [Test]
    public void The_password_may_come_from_the_environment()
    {
        var config = ConfigurationLoader.Parse(Config(), File, name => name == "RRBACKUP_CRYPT_PASSWORD" ? "from env" : null);

        Assert.That(config.CryptPassword, Is.EqualTo("from env"));
        Assert.That(config.Pipelines.DefaultFile, Is.EqualTo(Transforms.Compress | Transforms.Encrypt));
    }

    [Test]
    public void The_password_may_come_from_a_file_and_is_never_printed()
    {
        using var folder = new TempFolder();
        System.IO.File.WriteAllText(folder.Combine("password.txt"), "from a file\n");
        var configFile = folder.Combine("configuration.ini");

        var config = ConfigurationLoader.Parse(Config("crypt_password_file: password.txt"), configFile, _ => null);

        Assert.That(config.CryptPassword, Is.EqualTo("from a file"));
        Assert.That(config.ToString(), Does.Not.Contain("from a file"));
    }

    [Test]
    public void A_password_given_in_two_places_is_an_error_that_does_not_show_it()
    {
        var error = Assert.Throws<RRBackupException>(() => ConfigurationLoader.Parse(Config("crypt_password: inline secret"), File, _ => "env secret"));

        Assert.That(error!.Message, Does.Contain("RRBACKUP_CRYPT_PASSWORD").And.Contain("crypt_password"));
        Assert.That(error.Message, Does.Not.Contain("inline secret").And.Not.Contain("env secret"));
    }

    [Test]
    public void Two_metadata_objects_with_one_name_is_an_error()
    {
        var error = Assert.Throws<RRBackupException>(() => ConfigurationLoader.Parse(Config("remote_gc_log_file: manifest_diffs"), File));

        Assert.That(error!.Message, Does.Contain("same name"));
    }
}
