using RRBackup.Engine.Errors;
using RRBackup.Engine.Restore;
using RRBackup.Engine.Storage.Decorators;

namespace RRBackup.Engine.Tests.Restore;

[TestFixture]
public sealed class DownloadModeTests
{
    private BackupFixture _fixture = null!;
    private string _first = "";
    private string _second = "";

    [SetUp]
    public async Task CommitTwoVersions()
    {
        _fixture = new BackupFixture();
        _fixture.Write("same.txt", "unchanged between versions", DateTime.UtcNow.AddHours(-1));
        _fixture.Write("dir/changes.txt", "first");
        _fixture.Write("gone.txt", "only in the first");
        _first = (await _fixture.CommitAsync()).VersionId!;
        _fixture.Write("dir/changes.txt", "second");
        _fixture.Delete("gone.txt");
        _fixture.Write("new.txt", "only in the second");
        _second = (await _fixture.CommitAsync()).VersionId!;
    }

    [TearDown]
    public void DisposeFixture() => _fixture.Dispose();

    [Test]
    public async Task A_mirror_makes_the_target_exactly_the_version_and_stamps_it()
    {
        var target = _fixture.NewFolder("deploy");
        File.WriteAllText(Path.Combine(target, "stray.txt"), "not in any version");

        var result = await _fixture.Engine().DownloadAsync(_first, target, new DownloadOptions { Mode = DownloadMode.Mirror });

        Assert.That(BackupFixture.ReadTree(target).Where(p => p.Key != "/" + VersionStamp.FileName).ToDictionary(), Is.EqualTo(new Dictionary<string, string>
        {
            ["/same.txt"] = "unchanged between versions", ["/dir/changes.txt"] = "first", ["/gone.txt"] = "only in the first",
        }));
        Assert.That(result.Removed, Is.EqualTo(1));
        Assert.That(VersionStamp.TryRead(target)!.VersionId, Is.EqualTo(_first));
    }

    [Test]
    public async Task A_mirror_of_another_version_transfers_only_the_files_that_differ_from_the_stamped_one()
    {
        var target = _fixture.NewFolder("deploy");
        await _fixture.Engine().DownloadAsync(_first, target, new DownloadOptions { Mode = DownloadMode.Mirror });
        _fixture.Store.Reset();

        var result = await _fixture.Engine().DownloadAsync(_second, target, new DownloadOptions { Mode = DownloadMode.Mirror });

        Assert.That(result.Transferred, Is.EqualTo(2), "changes.txt and new.txt; same.txt is already there");
        Assert.That(_fixture.Store.Count(StoreOperationKind.Get, "files/"), Is.EqualTo(2));
        Assert.That(result.Removed, Is.EqualTo(1), "gone.txt");
        Assert.That(BackupFixture.ReadTree(target).Keys, Is.EquivalentTo(new[] { "/same.txt", "/dir/changes.txt", "/new.txt", "/" + VersionStamp.FileName }));
        Assert.That(File.ReadAllText(Path.Combine(target, "dir/changes.txt")), Is.EqualTo("second"));
    }

    [Test]
    public async Task A_file_changed_in_the_target_since_the_stamp_is_downloaded_again()
    {
        var target = _fixture.NewFolder("deploy");
        await _fixture.Engine().DownloadAsync(_first, target, new DownloadOptions { Mode = DownloadMode.Mirror });
        File.WriteAllText(Path.Combine(target, "same.txt"), "edited on the server");

        await _fixture.Engine().DownloadAsync(_second, target, new DownloadOptions { Mode = DownloadMode.Mirror });

        Assert.That(File.ReadAllText(Path.Combine(target, "same.txt")), Is.EqualTo("unchanged between versions"));
    }

    [Test]
    public async Task An_atomic_download_swaps_in_the_whole_version()
    {
        var target = _fixture.NewFolder("deploy");
        await _fixture.Engine().DownloadAsync(_first, target, new DownloadOptions { Mode = DownloadMode.Atomic });
        File.WriteAllText(Path.Combine(target, "stray.txt"), "left by someone");

        var result = await _fixture.Engine().DownloadAsync(_second, target, new DownloadOptions { Mode = DownloadMode.Atomic });

        Assert.That(BackupFixture.ReadTree(target).Keys, Is.EquivalentTo(new[] { "/same.txt", "/dir/changes.txt", "/new.txt", "/" + VersionStamp.FileName }));
        Assert.That(result.Transferred, Is.EqualTo(2));
        Assert.That(result.Removed, Is.EqualTo(2), "gone.txt and stray.txt");
        Assert.That(Directory.GetDirectories(_fixture.Root).Where(d => d.Contains("staging", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task A_failed_atomic_download_leaves_the_target_as_it_was()
    {
        var target = _fixture.NewFolder("deploy");
        await _fixture.Engine().DownloadAsync(_first, target, new DownloadOptions { Mode = DownloadMode.Atomic });
        var before = BackupFixture.ReadTree(target);
        var entry = (await _fixture.Engine().ListFilesAsync(_second)).Files.Single(f => f.Path == "/new.txt");
        var stored = Directory.GetFiles(_fixture.StorePath, entry.ObjectVersion!, SearchOption.AllDirectories).Single();
        var bytes = File.ReadAllBytes(stored);
        bytes[^1] ^= 1;
        File.WriteAllBytes(stored, bytes);

        var error = await Assert.ThrowsAsync<RRBackupException>(() => _fixture.Engine().DownloadAsync(_second, target, new DownloadOptions { Mode = DownloadMode.Atomic }));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.Data));
        Assert.That(BackupFixture.ReadTree(target), Is.EqualTo(before));
        Assert.That(Directory.GetDirectories(_fixture.Root).Where(d => d.Contains("staging", StringComparison.Ordinal)), Is.Empty);
    }
}
