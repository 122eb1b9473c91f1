using System.Text.Json;
using RRBackup.Cli.Tests.Support;
using static RRBackup.Cli.Tests.Ux.UxRun;

namespace RRBackup.Cli.Tests.Ux;

/// <summary>Deploy-safe downloads through the command: --mirror and --atomic, the version stamp, and transfers of what differs only.</summary>
[TestFixture]
public sealed class DownloadModeTests
{
    private CliSandbox _sandbox = null!;
    private string _first = null!;
    private string _second = null!;
    private SortedDictionary<string, FileState> _firstState = null!;
    private SortedDictionary<string, FileState> _secondState = null!;

    [SetUp]
    public void SetUp()
    {
        _sandbox = new CliSandbox();
        _sandbox.WriteConfig();
        for (var i = 0; i < 10; i++)
        {
            _sandbox.WriteFile($"/app/part{i}.dll", $"part {i} of build 1\n", SourceTimes.At(i));
        }

        _sandbox.WriteFile("/app/old-only.txt", "only in build 1\n", SourceTimes.At(20));
        _sandbox.Commit("--label", "build=1");
        _firstState = _sandbox.CaptureBase();
        _sandbox.WriteFile("/app/part3.dll", "part 3 of build 2\n", SourceTimes.At(30));
        _sandbox.DeleteFile("/app/old-only.txt");
        _sandbox.WriteFile("/app/new-in-2.txt", "new in build 2\n", SourceTimes.At(31));
        _sandbox.Commit("--label", "build=2");
        _secondState = _sandbox.CaptureBase();
        var versions = _sandbox.ListVersions();
        (_first, _second) = (versions[0].VersionId, versions[1].VersionId);
    }

    [TearDown]
    public void TearDown() => _sandbox.Dispose();

    private static SortedDictionary<string, FileState> WithoutStamp(string folder)
    {
        var files = TreeSnapshot.Capture(folder);
        files.Remove("/.rrbackup-version");
        return files;
    }

    /// <summary>The target holds exactly the files of the version (byte for byte, with their times) and the stamp.</summary>
    private static void AssertHolds(string target, SortedDictionary<string, FileState> expected, string what)
    {
        var actual = WithoutStamp(target);
        Assert.That(actual.Keys, Is.EqualTo(expected.Keys), what);
        foreach (var (path, state) in expected)
        {
            Assert.That(actual[path].Content, Is.EqualTo(state.Content), $"{what}: {path}");
            Assert.That(actual[path].ModifiedUtc, Is.EqualTo(state.ModifiedUtc), $"{what}: time of {path}");
        }

        Assert.That(File.Exists(Path.Combine(target, ".rrbackup-version")), Is.True, $"{what}: the stamp");
    }

    private static string StampedVersion(string target)
    {
        using var stamp = JsonDocument.Parse(File.ReadAllText(Path.Combine(target, ".rrbackup-version")));
        return stamp.RootElement.GetProperty("version").GetString()!;
    }

    [Test]
    public void Mirror_makes_the_target_exactly_the_version_and_then_transfers_only_what_differs()
    {
        var target = _sandbox.NewPath("deploy");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "stray.txt"), "not in any version\n");

        var first = JsonOf(_sandbox.Run("download", "label:build=1", target, "--mirror", "--json"));

        Assert.That(first.GetProperty("mode").GetString(), Is.EqualTo("mirror"));
        Assert.That(first.GetProperty("removed").GetInt32(), Is.EqualTo(1));
        Assert.That(first.GetProperty("transferred").GetInt32(), Is.EqualTo(11));
        Assert.That(first.GetProperty("stamp_file").GetString(), Is.EqualTo(Path.Combine(target, ".rrbackup-version")));
        Assert.That(StampedVersion(target), Is.EqualTo(_first));
        AssertHolds(target, _firstState, "mirror of build 1");

        var second = JsonOf(_sandbox.Run("download", "label:build=2", target, "--mirror", "--json"));

        Assert.That(second.GetProperty("transferred").GetInt32(), Is.EqualTo(2), "part3.dll and new-in-2.txt differ from the stamped version");
        Assert.That(second.GetProperty("reused").GetInt32(), Is.EqualTo(9));
        Assert.That(second.GetProperty("removed").GetInt32(), Is.EqualTo(1), "old-only.txt");
        AssertHolds(target, _secondState, "mirror of build 2 over build 1");
        Assert.That(StampedVersion(target), Is.EqualTo(_second));
    }

    [Test]
    public void Atomic_swaps_the_version_in_and_leaves_no_staging_folder()
    {
        var target = _sandbox.NewPath("live");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "stray.txt"), "not in any version\n");

        var text = _sandbox.RunOk("download", "label:build=1", target, "--atomic");
        var second = JsonOf(_sandbox.Run("download", "label:build=2", target, "--atomic", "--json"));

        Assert.That(text.OutputLines[0], Does.StartWith("Downloaded 11 files"));
        Assert.That(text.OutputLines[1], Does.StartWith("Atomic: 11 files transferred, 0 reused, 1 not in the version removed"));
        Assert.That(second.GetProperty("mode").GetString(), Is.EqualTo("atomic"));
        Assert.That(second.GetProperty("transferred").GetInt32(), Is.EqualTo(2));
        AssertHolds(target, _secondState, "atomic build 2 over build 1");
        Assert.That(StampedVersion(target), Is.EqualTo(_second));
        Assert.That(Directory.EnumerateDirectories(_sandbox.Root).Select(Path.GetFileName), Has.None.Contains("staging"));
    }

    [Test]
    public void Mirror_and_atomic_together_are_a_usage_error_that_touches_nothing()
    {
        var target = _sandbox.NewPath("both");

        _sandbox.RunFailing(2, ["download", "latest", target, "--mirror", "--atomic"], "--mirror and --atomic");

        Assert.That(Path.Exists(target), Is.False);
    }

    [Test]
    public void The_default_download_still_merges_and_leaves_other_files_alone()
    {
        var target = _sandbox.NewPath("merge");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "mine.txt"), "mine\n");

        var result = _sandbox.RunOk("download", "latest", target);

        Assert.That(result.OutputLines, Has.Count.EqualTo(1));
        Assert.That(File.Exists(Path.Combine(target, "mine.txt")), Is.True);
        Assert.That(File.Exists(Path.Combine(target, ".rrbackup-version")), Is.False);
    }
}
