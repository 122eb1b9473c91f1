using System.Text;
using RRBackup.Engine.Configuration;
using RRBackup.MSBuild.Tests.Support;

namespace RRBackup.MSBuild.Tests.Builds;

/// <summary>With encryption on, no password reaches the build log, even at diagnostic verbosity.</summary>
[TestFixture]
public sealed class SecretTests
{
    private const string Properties = """
        <RRBackupCommitAfterBuild>true</RRBackupCommitAfterBuild>
        <RRBackupConfigFile>backup.ini</RRBackupConfigFile>
        <RRBackupLabels>build=1</RRBackupLabels>
        """;

    [Test]
    public void A_password_in_the_configuration_file_is_not_in_a_diagnostic_build_log()
    {
        var password = "pw-in-file-" + Guid.NewGuid().ToString("N");
        var sample = SampleProject.Create("secret-in-file", Properties);
        sample.WriteLocalConfig(mainExtra: $"crypt_password: {password}");

        var build = sample.Build("-v:diag");

        Assert.That(build.Succeeded, Is.True, build.ToString());
        Assert.That(build.Output, Does.Contain("RRBackupCommit: committed"), build.ToString());
        Assert.That(build.Output, Does.Not.Contain(password), "the password reached the build log");
        AssertEncrypted(sample, null);
    }

    [Test]
    public void A_password_in_the_environment_is_not_in_a_diagnostic_build_log()
    {
        var password = "pw-in-env-" + Guid.NewGuid().ToString("N");
        var sample = SampleProject.Create("secret-in-env", Properties);
        sample.WriteLocalConfig();
        var environment = new Dictionary<string, string?>(PackageFeed.Current.BuildEnvironment)
        {
            [ConfigurationLoader.PasswordVariable] = password,
        };

        var build = DotnetCommand.Run(sample.ProjectFolder, ["build", sample.ProjectFile, "-nodeReuse:false", "-tl:off", "-v:diag"], environment);

        Assert.That(build.Succeeded, Is.True, build.ToString());
        Assert.That(build.Output, Does.Contain("RRBackupCommit: committed"), build.ToString());
        Assert.That(build.Output, Does.Not.Contain(password), "the password reached the build log");
        AssertEncrypted(sample, password);
    }

    /// <summary>The version opens with the password, and no stored object holds the plain text of the built assembly's name.</summary>
    private static void AssertEncrypted(SampleProject sample, string? password)
    {
        var versions = sample.Versions(password);
        Assert.That(versions, Has.Count.EqualTo(1));
        Assert.That(sample.Files("latest", password).Files.Select(f => f.Path), Does.Contain("/app.dll"));
        var marker = Encoding.UTF8.GetBytes("get_Answer");
        foreach (var file in Directory.EnumerateFiles(Path.Combine(sample.StoreFolder, "keys"), "*", SearchOption.AllDirectories))
        {
            Assert.That(File.ReadAllBytes(file).AsSpan().IndexOf(marker), Is.EqualTo(-1), $"'{file}' holds plain text");
        }
    }
}
