using System.Text;
using RRBackup.Cake.Tests.Support;

namespace RRBackup.Cake.Tests;

/// <summary>
/// A real Cake run of Scripts/roundtrip.cake, twice: the first run commits ./base; the test changes base; the
/// second run commits again, lists versions, changes and files, and downloads the first version by its id
/// (and the second by its label), which must match what was committed byte for byte.
/// </summary>
/// <remarks>The fixtures below run it with and without a password, each loading the addin both ways.</remarks>
public abstract class CakeRoundTrip(AddinLoading loading)
{
    private readonly string _marker = "PLAIN-TEXT-MARKER-" + Guid.NewGuid().ToString("N");
    private CakeSandbox _sandbox = null!;
    private SortedDictionary<string, byte[]> _first = null!;
    private SortedDictionary<string, byte[]> _second = null!;
    private ProcessResult _commitRun = null!;
    private ProcessResult _inspectRun = null!;
    private string _firstVersion = "";

    /// <summary>The password in configuration.ini, or null for a store without encryption.</summary>
    protected virtual string? Password => null;

    protected AddinLoading Loading => loading;

    protected ProcessResult CommitRun => _commitRun;

    protected ProcessResult InspectRun => _inspectRun;

    [OneTimeSetUp]
    public void RunTheScriptTwice()
    {
        _sandbox = new CakeSandbox();
        _sandbox.WriteConfig(Password);
        _sandbox.WriteScript("roundtrip.cake", AddinDirective.For(loading));

        // Given a folder with text, binary and nested files,
        var random = new Random(20261127);
        var binary = new byte[300_000];
        random.NextBytes(binary);
        _sandbox.WriteFile("/readme.txt", "version one\n");
        _sandbox.WriteFile("/bin/data.bin", binary);
        _sandbox.WriteFile("/docs/notes.md", $"# notes\n{_marker}\n");
        _sandbox.WriteFile("/gone.txt", "deleted before the second commit\n");
        _first = TreeSnapshot.Capture(_sandbox.BasePath);

        // when a first run commits it,
        _commitRun = RunOk(["--target=Commit", "--build-number=1"]);
        var commit = _commitRun.Results("commit");
        Assert.That(commit, Has.Count.EqualTo(1), _commitRun.ToString());
        _firstVersion = commit[0].Split(' ')[0];

        // the folder changes,
        _sandbox.WriteFile("/readme.txt", "version two, a little longer\n");
        _sandbox.DeleteFile("/gone.txt");
        _sandbox.WriteFile("/new.txt", "added for the second commit\n");
        _sandbox.WriteFile("/extra.skip", "left out of the labelled download\n");
        _second = TreeSnapshot.Capture(_sandbox.BasePath);

        // and a second run commits, lists, and downloads the first version by its id.
        _inspectRun = RunOk(["--target=Commit-Inspect-Download", "--build-number=2", $"--backup-version={_firstVersion}"]);
    }

    [OneTimeTearDown]
    public void DeleteSandbox() => _sandbox?.Dispose();

    [Test]
    public void The_first_commit_returns_the_new_version_and_its_counts() =>
        Assert.That(_commitRun.Results("commit"), Is.EqualTo(new[] { $"{_firstVersion} added=4 changed=0 deleted=0 files=4" }), _commitRun.ToString());

    [Test]
    public void The_second_commit_counts_what_changed() =>
        Assert.That(_inspectRun.Results("commit").Single(), Does.EndWith(" added=2 changed=1 deleted=1 files=5"), _inspectRun.ToString());

    [Test]
    public void Versions_are_listed_oldest_first_with_their_message_and_labels()
    {
        var versions = _inspectRun.Results("version");
        var secondVersion = _inspectRun.Results("commit").Single().Split(' ')[0];
        Assert.That(versions, Is.EqualTo(new[]
        {
            $"{_firstVersion} #1 files=4 message=build 1 labels=build=1",
            $"{secondVersion} #2 files=5 message=build 2 labels=build=2",
        }), _inspectRun.ToString());
    }

    [Test]
    public void The_changes_of_the_latest_version_are_listed() =>
        Assert.That(_inspectRun.Results("change"), Is.EquivalentTo(new[]
        {
            "Added /extra.skip", "Added /new.txt", "Changed /readme.txt", "Deleted /gone.txt",
        }), _inspectRun.ToString());

    [Test]
    public void The_files_of_the_chosen_version_are_listed_with_their_sizes() =>
        Assert.That(_inspectRun.Results("file"), Is.EqualTo(_first.Select(f => $"{f.Value.Length} {f.Key}")), _inspectRun.ToString());

    [Test]
    public void The_chosen_version_is_downloaded_byte_for_byte()
    {
        Assert.That(_inspectRun.Results("download"), Is.EqualTo(new[] { $"{_firstVersion} files=4" }), _inspectRun.ToString());
        TreeSnapshot.AssertFolderHolds(_sandbox.PathOf("restored"), _first, $"version {_firstVersion} downloaded into ./restored");
    }

    [Test]
    public void The_labelled_version_is_downloaded_without_the_excluded_files()
    {
        var expected = new SortedDictionary<string, byte[]>(_second.Where(f => f.Key != "/extra.skip").ToDictionary(), StringComparer.Ordinal);
        TreeSnapshot.AssertFolderHolds(_sandbox.PathOf("restored-labelled"), expected, "label:build=2 downloaded into ./restored-labelled");
    }

    [Test]
    public void The_log_says_what_was_committed_and_downloaded()
    {
        Assert.That(_commitRun.StandardOutput, Does.Contain($"RRBackup: committed version {_firstVersion} (#1): 4 added"), _commitRun.ToString());
        Assert.That(_inspectRun.StandardOutput, Does.Contain($"RRBackup: downloaded 4 files ({_first.Values.Sum(c => c.Length)} bytes) of version {_firstVersion} into {_sandbox.PathOf("restored")}"),
            _inspectRun.ToString());
    }

    [Test]
    public void The_store_holds_the_plain_text_only_without_a_password()
    {
        var marker = Encoding.UTF8.GetBytes(_marker);
        var holding = Directory.EnumerateFiles(_sandbox.StorePath, "*", SearchOption.AllDirectories)
            .Where(f => File.ReadAllBytes(f).AsSpan().IndexOf(marker) >= 0)
            .ToList();
        if (Password is null)
        {
            Assert.That(holding, Is.Not.Empty, "without a password the contents are stored as they are (so the encrypted check means something)");
        }
        else
        {
            Assert.That(holding, Is.Empty, "with crypt_password set, no store file may hold a file's plain text");
        }
    }

    private ProcessResult RunOk(IReadOnlyList<string> arguments)
    {
        var result = _sandbox.RunCake(arguments, AddinDirective.AddinsFolder(loading));
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        return result;
    }
}

/// <summary>The round trip on a store without encryption.</summary>
[TestFixture(AddinLoading.Reference)]
[TestFixture(AddinLoading.Package)]
public sealed class CakeRoundTripTests(AddinLoading loading) : CakeRoundTrip(loading);

/// <summary>The round trip with crypt_password set: the password never shows, and the addin loads libsodium itself.</summary>
[TestFixture(AddinLoading.Reference)]
[TestFixture(AddinLoading.Package)]
public sealed class EncryptedCakeRoundTripTests(AddinLoading loading) : CakeRoundTrip(loading)
{
    private readonly string _password = "Pw-" + Guid.NewGuid().ToString("N");

    protected override string? Password => _password;

    [Test]
    public void No_output_holds_the_password()
    {
        foreach (var run in new[] { CommitRun, InspectRun })
        {
            Assert.That(run.AllOutput, Does.Not.Contain(_password), run.ToString());
        }
    }

    [Test]
    public void The_addin_loads_the_native_libsodium_itself()
    {
        const string prefix = "RRBackup: libsodium loaded from ";
        var line = CommitRun.StandardOutput.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        Assert.That(line, Is.Not.Null, "the addin's resolver did not load libsodium" + Environment.NewLine + CommitRun);
        var path = line![prefix.Length..];
        var expectedFolder = Loading == AddinLoading.Reference
            ? Path.Combine(RepositoryPaths.AddinBuildFolder, "runtimes") + Path.DirectorySeparatorChar
            : Path.Combine(AddinFeed.Get().AddinsFolder, $"Cake.RRBackup.{AddinFeed.Get().Version}", "tools", "runtimes") + Path.DirectorySeparatorChar;
        Assert.That(path, Does.StartWith(expectedFolder));
        Assert.That(File.Exists(path), Is.True, path);
    }
}
