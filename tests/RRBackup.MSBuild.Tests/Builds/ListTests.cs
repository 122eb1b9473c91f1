using System.Globalization;
using RRBackup.Engine.Commit;
using RRBackup.MSBuild.Tests.Support;

namespace RRBackup.MSBuild.Tests.Builds;

/// <summary>RRBackupListVersions and RRBackupListFiles give items with metadata; here run in a task host (RRBackupUseTaskHost).</summary>
[TestFixture]
public sealed class ListTests
{
    private const string Body = """
        <Target Name="ListBackups" BeforeTargets="Build">
          <RRBackupListVersions ConfigFile="backup.ini">
            <Output TaskParameter="Versions" ItemName="BackupVersion" />
            <Output TaskParameter="LatestVersionId" PropertyName="LatestBackup" />
          </RRBackupListVersions>
          <RRBackupListFiles ConfigFile="backup.ini" Version="label:build=1">
            <Output TaskParameter="Files" ItemName="BackupFile" />
          </RRBackupListFiles>
          <WriteLinesToFile File="$(MSBuildProjectDirectory)/../versions.txt" Overwrite="true"
                            Lines="@(BackupVersion->'%(Identity)|%(VersionId)|%(Sequence)|%(ParentVersionId)|%(Time)|%(Message)|%(Labels)|%(FileCount)|%(TotalBytes)|%(ChangeCount)')" />
          <WriteLinesToFile File="$(MSBuildProjectDirectory)/../latest.txt" Lines="$(LatestBackup)" Overwrite="true" />
          <WriteLinesToFile File="$(MSBuildProjectDirectory)/../files.txt" Overwrite="true"
                            Lines="@(BackupFile->'%(Identity)|%(Path)|%(Size)|%(Modified)|%(Sha256)|%(VersionId)')" />
        </Target>
        """;

    [Test]
    public void Versions_and_files_come_out_as_items_with_their_metadata()
    {
        var sample = SampleProject.Create("list", "<RRBackupUseTaskHost>true</RRBackupUseTaskHost>", Body);
        sample.WriteLocalConfig(basePath: "../data");
        var data = Path.Combine(sample.Folder, "data");
        TestData.WriteFile(data, "a.txt", "first");
        TestData.WriteFile(data, "sub/b.bin", TestData.RandomBytes(1, 3000));
        Commit(sample, "first; with a semicolon", new() { ["build"] = "1", ["git"] = "abc123" });
        TestData.WriteFile(data, "a.txt", "second version");
        TestData.WriteFile(data, "c.txt", "new");
        Commit(sample, null, new() { ["build"] = "2" });

        var build = sample.Build("-v:d");

        Assert.That(build.Succeeded, Is.True, build.ToString());
        Assert.That(build.Output, Does.Contain("Launching task \"RRBackupListVersions\"").And.Contain("in an external task host"), "the tasks ran in a task host");
        var versions = sample.Versions();
        Assert.That(ReadLines(sample, "versions.txt"), Is.EqualTo(versions.Select(v => string.Join('|',
            v.VersionId, v.VersionId, v.Sequence, v.ParentVersionId ?? "", v.Time.UtcDateTime.ToString("o", CultureInfo.InvariantCulture),
            v.Message ?? "", string.Join(';', v.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")),
            v.FileCount, v.TotalBytes, v.ChangeCount)).ToList()));
        Assert.That(ReadLines(sample, "versions.txt")[0], Does.Contain("|first; with a semicolon|build=1;git=abc123|2|"), "spot check of the first version");
        Assert.That(ReadLines(sample, "latest.txt"), Is.EqualTo(new[] { versions[^1].VersionId }));

        var files = sample.Files("label:build=1");
        Assert.That(ReadLines(sample, "files.txt"), Is.EqualTo(files.Files.Select(f => string.Join('|',
            f.Path, f.Path, f.Size, f.ModifiedUtc.ToString("o", CultureInfo.InvariantCulture), f.Sha256, versions[0].VersionId)).ToList()));
        Assert.That(ReadLines(sample, "files.txt").Select(l => l.Split('|')[0]), Is.EqualTo(new[] { "/a.txt", "/sub/b.bin" }));
    }

    private static void Commit(SampleProject sample, string? message, Dictionary<string, string> labels) =>
        SampleProject.UseEngine(sample.ConfigFile, (engine, ct) => engine.CommitAsync(new CommitOptions { Message = message, Labels = labels }, ct));

    private static List<string> ReadLines(SampleProject sample, string name) =>
        [.. File.ReadAllLines(Path.Combine(sample.Folder, name)).Where(l => l.Length > 0)];
}
