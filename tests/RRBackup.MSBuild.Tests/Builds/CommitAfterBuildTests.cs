using System.Security.Cryptography;
using RRBackup.MSBuild.Tests.Support;

namespace RRBackup.MSBuild.Tests.Builds;

/// <summary>RRBackupCommitAfterBuild=true with RRBackupConfigFile: the output folder is committed after Build.</summary>
[TestFixture]
public sealed class CommitAfterBuildTests
{
    private const string Properties = """
        <RRBackupCommitAfterBuild>true</RRBackupCommitAfterBuild>
        <RRBackupConfigFile>backup.ini</RRBackupConfigFile>
        <RRBackupLabels>build=77;git=abc123</RRBackupLabels>
        <RRBackupMessage>CI build 77</RRBackupMessage>
        """;

    /// <summary>Writes $(RRBackupVersionId), the target's output, where the test can read it.</summary>
    private const string Body = """
        <Target Name="RecordBackupVersion" AfterTargets="RRBackupCommitOutput">
          <WriteLinesToFile File="$(MSBuildProjectDirectory)/../version.txt" Lines="[$(RRBackupVersionId)]" Overwrite="true" />
        </Target>
        """;

    [Test]
    public void A_build_commits_exactly_the_output_folder_as_a_version_with_the_labels_and_message()
    {
        var sample = SampleProject.Create("commit-after-build", Properties, Body);
        sample.WriteLocalConfig(basePath: "../not-used-the-target-gives-the-output-folder");

        var build = sample.Build();

        Assert.That(build.Succeeded, Is.True, build.ToString());
        Assert.That(build.Output, Does.Contain("RRBackupCommit: committed"), build.ToString());
        AssertOneVersionHoldsTheOutput(sample, sample.Versions(), f => sample.Files(f));

        // Built again with nothing changed and no labels: success, and no version (with labels, the CLI makes one).
        var again = sample.Build("--no-restore", "-p:RRBackupLabels=");

        Assert.That(again.Succeeded, Is.True, again.ToString());
        Assert.That(again.Output, Does.Contain("no changes"), again.ToString());
        Assert.That(sample.Versions(), Has.Count.EqualTo(1));
        Assert.That(File.ReadAllText(Path.Combine(sample.Folder, "version.txt")).Trim(), Is.EqualTo("[]"), "RRBackupVersionId is empty when no version was made");
    }

    [Test]
    public async Task Against_S3_a_build_commits_the_output_folder_as_a_version_with_the_labels()
    {
        using var server = S3TestServer.FromEnvironment();
        var bucket = await server.CreateBucketAsync("after-build");
        try
        {
            var sample = SampleProject.Create("commit-after-build-s3", Properties, Body);
            sample.WriteConfig($"""
                [main]
                base_path:           ../not-used
                local_manifest_file: ../cache/manifest.json

                [s3]
                bucket:     {bucket}
                access_key: {server.AccessKey}
                secret_key: {server.SecretKey}
                endpoint:   {server.Endpoint}
                path_style: True
                checksums:  when_required

                """);

            var build = sample.Build("-v:diag");

            Assert.That(build.Succeeded, Is.True, build.ToString());
            Assert.That(build.Output, Does.Not.Contain(server.SecretKey), "the S3 secret key reached the build log");
            AssertOneVersionHoldsTheOutput(sample, sample.Versions(), f => sample.Files(f));
        }
        finally
        {
            await server.DeleteBucketAsync(bucket);
        }
    }

    private static void AssertOneVersionHoldsTheOutput(SampleProject sample, IReadOnlyList<RRBackup.Engine.Manifest.VersionInfo> versions,
        Func<string, RRBackup.Engine.VersionFiles> filesOf)
    {
        Assert.That(versions, Has.Count.EqualTo(1), "one version after one build");
        var version = versions[0];
        Assert.That(version.Labels, Is.EquivalentTo(new Dictionary<string, string> { ["build"] = "77", ["git"] = "abc123" }));
        Assert.That(version.Message, Is.EqualTo("CI build 77"));
        Assert.That(File.ReadAllText(Path.Combine(sample.Folder, "version.txt")).Trim(), Is.EqualTo($"[{version.VersionId}]"),
            "the target sets RRBackupVersionId to the new version");

        var output = SampleProject.BackupPaths(sample.OutputFolder);
        Assert.That(output, Does.Contain("/app.dll"), "the output folder holds the built assembly");
        var files = filesOf(version.VersionId).Files;
        Assert.That(files.Select(f => f.Path), Is.EqualTo(output), "the version holds exactly the output folder's files");
        foreach (var file in files)
        {
            var local = File.ReadAllBytes(Path.Combine(sample.OutputFolder, file.Path.TrimStart('/')));
            Assert.That(file.Size, Is.EqualTo(local.Length), file.Path);
            Assert.That(file.Sha256, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(local))), file.Path);
        }
    }
}
