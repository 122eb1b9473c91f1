namespace RRBackup.MSBuild.Tests.Builds;

/// <summary>Failures fail the build, with their RRB#### code and the configuration file.</summary>
[TestFixture]
public sealed class ErrorTests
{
    private const string CommitAfterBuild = """
        <RRBackupCommitAfterBuild>true</RRBackupCommitAfterBuild>
        <RRBackupConfigFile>backup.ini</RRBackupConfigFile>
        """;

    [Test]
    public void A_bad_configuration_value_fails_the_build_with_its_code_file_and_line()
    {
        var sample = SampleProject.Create("bad-config", CommitAfterBuild);
        sample.WriteConfig("""
            [main]
            base_path:           ../data
            local_manifest_file: ../cache/manifest.json
            commit_locked:       Maybe

            [local]
            path: ../store

            """);

        var build = sample.Build();

        Assert.That(build.ExitCode, Is.Not.EqualTo(0), build.ToString());
        Assert.That(build.Output, Does.Contain($"{sample.ConfigFile}(4): error RRB2004:"), build.ToString());
        Assert.That(build.Output, Does.Contain("'Maybe' is not a boolean"), build.ToString());
        Assert.That(Directory.Exists(sample.StoreFolder), Is.False, "nothing was written");
    }

    [Test]
    public void Committing_after_build_without_a_configuration_file_fails_the_build()
    {
        var sample = SampleProject.Create("no-config-file", "<RRBackupCommitAfterBuild>true</RRBackupCommitAfterBuild>");

        var build = sample.Build();

        Assert.That(build.ExitCode, Is.Not.EqualTo(0), build.ToString());
        Assert.That(build.Output, Does.Contain("error RRB1001: RRBackupCommitAfterBuild is true but RRBackupConfigFile is not set"), build.ToString());
    }
}
