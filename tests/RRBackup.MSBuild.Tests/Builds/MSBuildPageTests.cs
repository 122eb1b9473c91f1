using System.Text.RegularExpressions;
using RRBackup.Engine.Commit;
using RRBackup.MSBuild.Tests.Support;

namespace RRBackup.MSBuild.Tests.Builds;

/// <summary>
/// docs/msbuild.md's snippets, run as the page shows them in one project: the properties that commit the
/// output after Build, SnapshotArtifacts after Pack, FetchBaseline before Build and ShowBackups on demand.
/// Each of the page's configuration files points at a local store of its own.
/// </summary>
[TestFixture]
public sealed class MSBuildPageTests
{
    [Test]
    public void The_pages_properties_and_targets_commit_download_and_list_as_described()
    {
        var page = File.ReadAllText(Path.Combine(Docs.RepositoryRoot(), "docs", "msbuild.md"));
        var xml = Docs.Blocks("xml", page);
        Assert.That(xml, Has.Count.EqualTo(3), "the page shows the package reference, the properties and the targets");
        Assert.That(xml[0], Does.Contain("<PackageReference Include=\"RRBackup.MSBuild\""), "the sample references the package it installs");

        var properties = Regex.Match(xml[1], "<PropertyGroup>(.*)</PropertyGroup>", RegexOptions.Singleline).Groups[1].Value;
        var sample = SampleProject.Create("msbuild-page", properties, xml[2]);
        var stores = Path.Combine(sample.Folder, "stores");
        void Config(string file, string basePath) => TestData.WriteFile(sample.ProjectFolder, file,
            $"[main]\nbase_path: {basePath}\nlocal_manifest_file: {Path.Combine(sample.Folder, "cache", Path.GetFileName(file))}.json\n\n[local]\npath: {Path.Combine(stores, Path.GetFileNameWithoutExtension(file))}\n");
        Config("backup/configuration.ini", "../not-used-the-output-folder-is-committed");
        Config("artifacts.ini", "../not-used-the-package-folder-is-committed");
        Config("baseline.ini", Path.Combine(sample.Folder, "baseline-source"));
        CommitBaseline(sample, build: "77");
        CommitBaseline(sample, build: "78");

        var pack = DotnetCommand.Run(sample.ProjectFolder, ["pack", sample.ProjectFile, "-c", "Release", "-nodeReuse:false", "-tl:off"],
            new Dictionary<string, string?>(PackageFeed.Current.BuildEnvironment) { ["BUILD_NUMBER"] = "5", ["GIT_COMMIT"] = "abc123" });

        Assert.That(pack.Succeeded, Is.True, pack.ToString());
        var baseline = Path.Combine(sample.ProjectFolder, "obj", "Release", "net10.0", "baseline");
        Assert.That(SampleProject.BackupPaths(baseline), Is.EqualTo(new[] { "/data/a.txt", "/data/sub/b.txt" }),
            "FetchBaseline downloads build 77's /data/** without *.log");
        Assert.That(File.ReadAllText(Path.Combine(baseline, "data", "a.txt")), Is.EqualTo("a of 77"));
        Assert.That(pack.Output, Does.Contain("/data/a.txt, /data/sub/b.txt"), "the Message task prints the downloaded files' BackupPath");

        var output = SampleProject.UseEngine(Path.Combine(sample.ProjectFolder, "backup", "configuration.ini"), (engine, ct) => engine.ListVersionsAsync(ct));
        Assert.That(output, Has.Count.EqualTo(1), "the build's output is committed once");
        Assert.That(output[0].Labels, Is.EquivalentTo(new Dictionary<string, string> { ["build"] = "5", ["git"] = "abc123" }));
        Assert.That(output[0].Message, Is.EqualTo("CI build 5"));

        var artifactsConfig = Path.Combine(sample.ProjectFolder, "artifacts.ini");
        var artifacts = SampleProject.UseEngine(artifactsConfig, (engine, ct) => engine.ListVersionsAsync(ct));
        Assert.That(artifacts, Has.Count.EqualTo(1), "the package folder is committed once, after Pack");
        Assert.That(artifacts[0].Message, Is.EqualTo("packages of 5"));
        var packaged = SampleProject.UseEngine(artifactsConfig, (engine, ct) => engine.ListFilesAsync("latest", ct)).Files.Select(f => f.Path);
        Assert.That(packaged, Does.Contain("/app.1.0.0.nupkg"), "PackageOutputPath holds the package");

        var show = DotnetCommand.Run(sample.ProjectFolder, ["msbuild", sample.ProjectFile, "-t:ShowBackups", "-nodeReuse:false", "-tl:off"],
            PackageFeed.Current.BuildEnvironment);

        Assert.That(show.Succeeded, Is.True, show.ToString());
        Assert.That(show.Output, Does.Contain("[build=5;git=abc123]  " + artifacts[0].VersionId), "ShowBackups prints each version with its labels");
        Assert.That(show.Output, Does.Match(@"\d+  /app\.1\.0\.0\.nupkg"), "ShowBackups prints each file of the latest version with its size");
    }

    /// <summary>A version of the baseline store labelled build=<paramref name="build"/>: two data files, a log and a file outside /data.</summary>
    private static void CommitBaseline(SampleProject sample, string build)
    {
        var source = Path.Combine(sample.Folder, "baseline-source");
        TestData.WriteFile(source, "data/a.txt", $"a of {build}");
        TestData.WriteFile(source, "data/sub/b.txt", $"b of {build}");
        TestData.WriteFile(source, "data/run.log", "log");
        TestData.WriteFile(source, "other.txt", "outside /data");
        SampleProject.UseEngine(Path.Combine(sample.ProjectFolder, "baseline.ini"), (engine, ct) =>
            engine.CommitAsync(new CommitOptions { Labels = new Dictionary<string, string> { ["build"] = build } }, ct));
    }
}
