using System.Security.Cryptography;
using System.Text;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Objects;
using RRBackup.Engine.Patterns;
using RRBackup.Engine.Restore;
using RRBackup.Engine.Storage;

namespace RRBackup.Engine.Tests.Restore;

[TestFixture]
public sealed class DownloadTests
{
    private BackupFixture _fixture = null!;

    [SetUp]
    public void CreateFixture() => _fixture = new BackupFixture();

    [TearDown]
    public void DisposeFixture() => _fixture.Dispose();

    [Test]
    public async Task A_download_restores_contents_and_modification_times()
    {
        var time = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddTicks(1234567);
        _fixture.Write("dir/a.txt", "alpha", time);
        _fixture.Write("empty", "", time);
        await _fixture.CommitAsync();
        var target = _fixture.Root + "/restore/new/folder";

        var result = await _fixture.Engine().DownloadAsync("latest", target, DownloadOptions.Everything);

        Assert.That(result.Files, Has.Count.EqualTo(2));
        Assert.That(BackupFixture.ReadTree(target), Is.EqualTo(new Dictionary<string, string> { ["/dir/a.txt"] = "alpha", ["/empty"] = "" }));
        Assert.That(File.GetLastWriteTimeUtc(Path.Combine(target, "dir/a.txt")), Is.EqualTo(time));
        Assert.That(File.GetLastWriteTimeUtc(Path.Combine(target, "empty")), Is.EqualTo(time));
    }

    [Test]
    public async Task Include_and_exclude_select_part_of_a_version_and_leave_other_files_alone()
    {
        _fixture.Write("a/b.txt", "b");
        _fixture.Write("a/c.txt", "c");
        _fixture.Write("d.log", "d");
        await _fixture.CommitAsync();
        var target = _fixture.NewFolder("restore");
        File.WriteAllText(Path.Combine(target, "unrelated.txt"), "mine");
        Directory.CreateDirectory(Path.Combine(target, "a"));
        File.WriteAllText(Path.Combine(target, "a/b.txt"), "stale");

        await _fixture.Engine().DownloadAsync("latest", target, new DownloadOptions
        {
            Include = PathPatternList.Parse(["/a"]),
            Exclude = PathPatternList.Parse(["c.txt"]),
        });

        Assert.That(BackupFixture.ReadTree(target), Is.EqualTo(new Dictionary<string, string> { ["/a/b.txt"] = "b", ["/unrelated.txt"] = "mine" }));
    }

    [TestCase(new[] { "/a", "/a/b.txt", "/a/s*" }, new[] { "/a/b.txt", "/a/c.txt", "/a/sub/e.txt", "/a/sub/f.log" })]
    [TestCase(new[] { "/a/sub/e.txt", "*.log" }, new[] { "/a/sub/e.txt", "/d.log", "/a/sub/f.log" }, Description = "a pattern at any depth searches the whole version")]
    [TestCase(new[] { "/a/c*", "/d.log" }, new[] { "/a/c.txt", "/d.log" })]
    [TestCase(new[] { "/a/sub/e" }, new string[0], Description = "a plain path selects that path and what is inside it, not its prefix")]
    public async Task Overlapping_and_mixed_includes_restore_every_selected_file_once(string[] include, string[] expected)
    {
        foreach (var path in new[] { "a/b.txt", "a/c.txt", "a/sub/e.txt", "a/sub/f.log", "d.log", "ab.txt" })
        {
            _fixture.Write(path, path);
        }

        await _fixture.CommitAsync();
        var target = _fixture.NewFolder("restore");

        var result = await _fixture.Engine().DownloadAsync("latest", target, new DownloadOptions { Include = PathPatternList.Parse(include) });

        Assert.That(BackupFixture.ReadTree(target), Is.EquivalentTo(expected.ToDictionary(p => p, p => p[1..])));
        Assert.That(result.Files, Has.Count.EqualTo(expected.Length));
    }

    [Test]
    public async Task A_link_inside_the_target_never_carries_a_write_outside_it()
    {
        _fixture.Write("sub/secret.txt", "payload");
        await _fixture.CommitAsync();
        var target = _fixture.NewFolder("restore");
        var outside = _fixture.NewFolder("outside");
        File.CreateSymbolicLink(Path.Combine(target, "sub"), outside);

        var error = await Assert.ThrowsAsync<RRBackupException>(() => _fixture.Engine().DownloadAsync("latest", target, DownloadOptions.Everything));

        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.UnsafeTargetPath));
        Assert.That(Directory.EnumerateFileSystemEntries(outside), Is.Empty);
    }

    [TestCase("/../escaped.txt")]
    [TestCase("/a/../../escaped.txt")]
    [TestCase("//etc/escaped.txt")]
    [TestCase("relative.txt")]
    public async Task A_manifest_naming_a_path_outside_the_target_is_refused_and_nothing_is_written(string hostilePath)
    {
        _fixture.Write("a.txt", "alpha");
        var first = await _fixture.CommitAsync();
        await PutHostileDiffAsync(first.VersionId!, hostilePath);
        File.Delete(_fixture.CacheFile);
        var target = _fixture.NewFolder("restore/inner");

        var error = await Assert.ThrowsAsync<RRBackupException>(() => _fixture.Engine().DownloadAsync("latest", target, DownloadOptions.Everything));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.Data));
        Assert.That(error.Message, Does.Contain(hostilePath));
        Assert.That(Directory.EnumerateFiles(_fixture.Root + "/restore", "*", SearchOption.AllDirectories), Is.Empty);
    }

    [Test]
    public async Task A_changed_byte_in_a_file_object_is_reported_with_its_key_and_version()
    {
        _fixture.Write("a.txt", "alpha contents");
        await _fixture.CommitAsync();
        var entry = (await _fixture.Engine().ListFilesAsync("latest")).Files.Single();
        var objectFile = Directory.GetFiles(_fixture.StorePath, entry.ObjectVersion!, SearchOption.AllDirectories).Single();
        var bytes = File.ReadAllBytes(objectFile);
        bytes[^1] ^= 0x20;
        File.WriteAllBytes(objectFile, bytes);
        var target = _fixture.NewFolder("restore");

        var error = await Assert.ThrowsAsync<RRBackupException>(() => _fixture.Engine().DownloadAsync("latest", target, DownloadOptions.Everything));

        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.ObjectCorrupt));
        Assert.That(error.Message, Does.Contain(entry.ObjectKey).And.Contain(entry.ObjectVersion));
        Assert.That(Directory.EnumerateFiles(target, "*", SearchOption.AllDirectories), Is.Empty, "a corrupt file is not left behind");
    }

    [Test]
    public async Task A_folder_where_a_file_belongs_is_reported_by_name_and_no_partial_file_is_left()
    {
        _fixture.Write("d/f.txt", "contents");
        await _fixture.CommitAsync();
        var target = _fixture.NewFolder("restore");
        Directory.CreateDirectory(Path.Combine(target, "d", "f.txt"));

        var error = await Assert.ThrowsAsync<RRBackupException>(() => _fixture.Engine().DownloadAsync("latest", target, DownloadOptions.Everything));

        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.LocalIoFailure));
        Assert.That(error.Message, Does.Contain("/d/f.txt").And.Contain("is a folder"));
        Assert.That(Directory.EnumerateFiles(target, "*", SearchOption.AllDirectories), Is.Empty, "the temporary file is removed");
    }

    [Test]
    public async Task Files_smaller_and_larger_than_a_mebibyte_are_restored_alike()
    {
        // Objects below 1 MiB are read whole, larger ones streamed: both must restore byte for byte.
        var time = new DateTime(2023, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        var small = new string('s', 1000);
        var large = string.Concat(Enumerable.Range(0, 150_000).Select(i => (char)('a' + (i % 26)) + "bcdefgh")).Insert(0, "x");
        _fixture.Write("small.txt", small, time);
        _fixture.Write("large.txt", large, time);
        await _fixture.CommitAsync();
        var target = _fixture.NewFolder("restore");

        await _fixture.Engine().DownloadAsync("latest", target, DownloadOptions.Everything);

        Assert.That(BackupFixture.ReadTree(target), Is.EqualTo(new Dictionary<string, string> { ["/small.txt"] = small, ["/large.txt"] = large }));
        Assert.That(File.GetLastWriteTimeUtc(Path.Combine(target, "large.txt")), Is.EqualTo(time));
    }

    private async Task PutHostileDiffAsync(string parent, string hostilePath)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData("x"u8));
        var json = Encoding.UTF8.GetBytes(
            $$"""{"format":1,"sequence":2,"parent":"{{parent}}","time":"2026-01-01T00:00:00+00:00","scan_time":"2026-01-01T00:00:00+00:00","changes":[{"op":"add","path":"{{hostilePath}}","size":1,"mtime_ns":0,"sha256":"{{hash}}","key":"files/a.txt","version":"x"}]}""");
        var header = new ObjectHeader { Kind = ObjectKind.ManifestDiff, ContentSha256 = SHA256.HashData(json) }.Encode();
        using var stream = new MemoryStream([.. header, .. json]);
        await _fixture.Store.PutAsync("manifest_diffs", stream, PutDurability.Immediate, CancellationToken.None);
    }
}
