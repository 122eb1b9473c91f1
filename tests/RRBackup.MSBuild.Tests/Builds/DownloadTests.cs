using RRBackup.Engine.Commit;
using RRBackup.MSBuild.Tests.Support;

namespace RRBackup.MSBuild.Tests.Builds;

/// <summary>A project whose build downloads `label:build=...` into a folder with RRBackupDownload.</summary>
[TestFixture]
public sealed class DownloadTests
{
    /// <summary>Restores build 42 (without *.log) into app/restored, and writes the task's outputs where the test reads them.</summary>
    private const string Body = """
        <Target Name="FetchArtifacts" BeforeTargets="Build">
          <RRBackupDownload ConfigFile="backup.ini" Version="label:build=42" Target="restored" Exclude="*.log">
            <Output TaskParameter="DownloadedFiles" ItemName="RestoredFile" />
            <Output TaskParameter="VersionId" PropertyName="RestoredVersion" />
          </RRBackupDownload>
          <WriteLinesToFile File="$(MSBuildProjectDirectory)/../items.txt" Lines="@(RestoredFile->'%(Identity)|%(BackupPath)|%(VersionId)')" Overwrite="true" />
          <WriteLinesToFile File="$(MSBuildProjectDirectory)/../version.txt" Lines="$(RestoredVersion)" Overwrite="true" />
        </Target>
        """;

    [Test]
    public void A_build_downloads_the_labelled_version_byte_for_byte_and_outputs_the_files_as_items()
    {
        var sample = SampleProject.Create("download", body: Body);
        sample.WriteLocalConfig(basePath: "../data");
        var data = Path.Combine(sample.Folder, "data");
        var expected = new Dictionary<string, byte[]>();
        string build42 = "";
        foreach (var build in new[] { 41, 42, 43 })
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }

            var files = new Dictionary<string, byte[]>
            {
                ["/app.dll"] = TestData.RandomBytes(build, 70_000 + build),
                ["/config/settings.json"] = System.Text.Encoding.UTF8.GetBytes($"{{ \"build\": {build} }}"),
                ["/odd;name %41 $(x) @y.txt"] = System.Text.Encoding.UTF8.GetBytes($"special characters, build {build}"),
                ["/logs/build.log"] = System.Text.Encoding.UTF8.GetBytes($"log of {build}"),
                ["/empty.txt"] = [],
            };
            foreach (var (path, contents) in files)
            {
                TestData.WriteFile(data, path.TrimStart('/'), contents);
            }

            var result = SampleProject.UseEngine(sample.ConfigFile, (engine, ct) => engine.CommitAsync(new CommitOptions
            {
                Labels = new Dictionary<string, string> { ["build"] = build.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            }, ct));
            if (build == 42)
            {
                build42 = result.VersionId!;
                expected = files.Where(f => !f.Key.EndsWith(".log", StringComparison.Ordinal)).ToDictionary();
            }
        }

        var outcome = sample.Build();

        Assert.That(outcome.Succeeded, Is.True, outcome.ToString());
        var restored = Path.Combine(sample.ProjectFolder, "restored");
        Assert.That(SampleProject.BackupPaths(restored), Is.EqualTo(expected.Keys.Order(StringComparer.Ordinal).ToList()),
            "the version's files without *.log, in the Target folder taken from the project folder");
        foreach (var (path, contents) in expected)
        {
            Assert.That(File.ReadAllBytes(Path.Combine(restored, path.TrimStart('/'))), Is.EqualTo(contents), path);
        }

        Assert.That(File.ReadAllText(Path.Combine(sample.Folder, "version.txt")).Trim(), Is.EqualTo(build42));
        var items = File.ReadAllLines(Path.Combine(sample.Folder, "items.txt")).Where(l => l.Length > 0).ToList();
        Assert.That(items, Is.EqualTo(expected.Keys.Order(StringComparer.Ordinal)
            .Select(p => $"{Path.Combine(restored, p.TrimStart('/'))}|{p}|{build42}").ToList()),
            "DownloadedFiles: the absolute paths written, with BackupPath and VersionId, in path order");
    }
}
