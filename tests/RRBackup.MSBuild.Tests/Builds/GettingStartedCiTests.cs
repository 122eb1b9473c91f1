using System.Text.RegularExpressions;
using RRBackup.MSBuild.Tests.Support;

namespace RRBackup.MSBuild.Tests.Builds;

/// <summary>
/// docs/getting-started-ci.md's MSBuild snippets, run as the page shows them: the SnapshotPublish target
/// in a project at src/App commits each publish with ../../ci/snapshot.ini, labelled from the CI's
/// BUILD_NUMBER and GIT_SHA, and the Deploy target pulls one build atomically with the server's
/// read-only configuration. The page's S3 bucket becomes a local store; the server's absolute paths move
/// into the test's folder.
/// </summary>
[TestFixture]
public sealed partial class GettingStartedCiTests
{
    [Test]
    public void The_snapshot_target_commits_each_publish_and_the_deploy_target_pulls_one_build_atomically()
    {
        var page = File.ReadAllText(Path.Combine(Docs.RepositoryRoot(), "docs", "getting-started-ci.md"));
        var ini = Docs.Blocks("ini", page);
        var xml = Docs.Blocks("xml", page);
        Assert.That(ini, Has.Count.EqualTo(2), "the page shows the snapshot and the server configurations");
        Assert.That(xml, Has.Count.EqualTo(2), "the page shows the snapshot and the deploy targets");

        // The server's /etc, /srv and /var, in a folder of their own.
        var server = Directory.CreateDirectory(Path.Combine(PackageFeed.Current.Root, $"ci-server-{Guid.NewGuid().ToString("N")[..8]}")).FullName;
        var app = Path.Combine(server, "srv", "app");
        var serverConfig = Path.Combine(server, "app.ini");
        string OnServer(string text) => text
            .Replace("/etc/rrbackup/app.ini", serverConfig, StringComparison.Ordinal)
            .Replace("/srv/app", app, StringComparison.Ordinal)
            .Replace("/var/cache/rrbackup", Path.Combine(server, "cache"), StringComparison.Ordinal);

        var sample = SampleProject.Create("getting-started-ci", body: OnServer(string.Join('\n', xml)), projectPath: Path.Combine("src", "App"));
        string LocalStore(string text) => S3Section().Replace(text, $"[local]\npath: {sample.StoreFolder}\n");
        var snapshotConfig = Path.Combine(Directory.CreateDirectory(Path.Combine(sample.Folder, "ci")).FullName, "snapshot.ini");
        File.WriteAllText(snapshotConfig, LocalStore(ini[0]));
        File.WriteAllText(serverConfig, LocalStore(OnServer(ini[1])));
        Assert.That(File.ReadAllText(serverConfig), Does.Match(@"commit_locked:\s+True"), "the server's configuration is read-only");

        var published = new Dictionary<int, Dictionary<string, byte[]>>();
        foreach (var build in new[] { 123, 124 })
        {
            File.WriteAllText(Path.Combine(sample.ProjectFolder, "Library.cs"), $$"""
                namespace Sample;

                public static class Library
                {
                    public static int Build => {{build}};
                }

                """);
            var publish = DotnetCommand.Run(sample.ProjectFolder, ["publish", sample.ProjectFile, "-c", "Release", "-nodeReuse:false", "-tl:off"],
                CiEnvironment(build));
            Assert.That(publish.Succeeded, Is.True, publish.ToString());
            var publishFolder = Path.Combine(sample.ProjectFolder, "bin", "Release", "net10.0", "publish");
            published[build] = Contents(publishFolder);
            Assert.That(published[build].Keys, Does.Contain("/app.dll").And.Contain("/app.pdb"), "a publish holds the assembly and its symbols");
        }

        var versions = SampleProject.UseEngine(snapshotConfig, (engine, ct) => engine.ListVersionsAsync(ct));
        Assert.That(versions.Select(v => v.Message), Is.EqualTo(new[] { "CI build 123", "CI build 124" }));
        Assert.That(versions.Select(v => v.Labels["git"]), Is.EqualTo(new[] { "sha-123", "sha-124" }));
        foreach (var (version, build) in versions.Zip(new[] { 123, 124 }))
        {
            var files = SampleProject.UseEngine(snapshotConfig, (engine, ct) => engine.ListFilesAsync(version.VersionId, ct)).Files.Select(f => f.Path);
            Assert.That(files, Is.EquivalentTo(published[build].Keys.Where(p => !p.EndsWith(".pdb", StringComparison.Ordinal))),
                $"build {build}'s version holds its publish folder, without the ignored *.pdb");
        }

        foreach (var build in new[] { 123, 124, 123 })
        {
            var deploy = DotnetCommand.Run(sample.ProjectFolder,
                ["msbuild", sample.ProjectFile, "-t:Deploy", $"-p:BuildNumber={build}", "-nodeReuse:false", "-tl:off"], PackageFeed.Current.BuildEnvironment);
            Assert.That(deploy.Succeeded, Is.True, deploy.ToString());
            var deployed = Contents(app);
            Assert.That(deployed.Remove("/.rrbackup-version"), Is.True, "an atomic download stamps the version it deployed");
            var expected = published[build].Where(f => !f.Key.EndsWith(".pdb", StringComparison.Ordinal)).ToDictionary();
            Assert.That(deployed.Keys, Is.EquivalentTo(expected.Keys), $"build {build} deployed exactly");
            Assert.That(deployed["/app.dll"], Is.EqualTo(expected["/app.dll"]), $"build {build}'s assembly deployed");
        }

        var refused = SampleProject.UseEngine(serverConfig, async (engine, ct) =>
        {
            try
            {
                await engine.CommitAsync(new RRBackup.Engine.Commit.CommitOptions(), ct);
                return "committed";
            }
            catch (RRBackup.Engine.Errors.RRBackupException e)
            {
                return e.Message;
            }
        });
        Assert.That(refused, Does.Contain("commit_locked"), "the server's configuration cannot commit");
    }

    private static Dictionary<string, string?> CiEnvironment(int build) => new(PackageFeed.Current.BuildEnvironment)
    {
        ["BUILD_NUMBER"] = build.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["GIT_SHA"] = $"sha-{build}",
    };

    private static Dictionary<string, byte[]> Contents(string folder) =>
        SampleProject.BackupPaths(folder).ToDictionary(p => p, p => File.ReadAllBytes(Path.Combine(folder, p.TrimStart('/'))));

    [GeneratedRegex(@"\[s3\]\n(?:[a-z_]+:.*\n)*")]
    private static partial Regex S3Section();
}
