using System.Text;
using RRBackup.Cli.Tests.Support;

namespace RRBackup.Cli.Tests.S3;

/// <summary>
/// A multi-commit history through the built CLI into a real S3 bucket (Ceph RGW): nested folders, a
/// unicode name, an empty file, a duplicate, renames, a delete, labels, an object big enough for a
/// multipart upload; then list_versions, list_files, list_changes, and downloads of an old version and
/// of the latest compared byte for byte (and to the tick) with what was committed then.
/// </summary>
[TestFixture]
public sealed class S3HistoryTests
{
    private const string Password = "correct horse battery staple (s3 cli test)";

    /// <summary>Text that must never show in a stored object when encryption is on.</summary>
    private const string SecretText = "PLAINTEXT-MARKER-7f3c: the notes nobody may read\n";

    private S3TestServer _server = null!;
    private CliSandbox _sandbox = null!;
    private string? _bucket;

    [OneTimeSetUp]
    public void FindServer() => _server = S3TestServer.FromEnvironment();

    [OneTimeTearDown]
    public void ForgetServer() => _server?.Dispose();

    [SetUp]
    public void SetUp() => _sandbox = new CliSandbox();

    [TearDown]
    public async Task TearDown()
    {
        _sandbox.Dispose();
        if (_bucket is not null)
        {
            await _server.DeleteBucketAsync(_bucket);
        }
    }

    [TestCase(false, TestName = "A_multi_commit_history_on_S3_lists_and_restores_every_version_byte_for_byte")]
    [TestCase(true, TestName = "A_multi_commit_history_on_S3_with_encryption_lists_and_restores_every_version_byte_for_byte")]
    public async Task History(bool encrypted)
    {
        _bucket = await _server.CreateBucketAsync(encrypted ? "hist-enc" : "hist", versioned: true);
        _sandbox.WriteS3Config(_server, _bucket, cryptPassword: encrypted ? Password : null);
        var expected = new List<SortedDictionary<string, FileState>>();
        var uploads = new List<int>();

        // Version 1: nested folders, unicode names, an empty file, two files with the same contents, a multipart-sized file.
        const string duplicate = "same content in two files\n";
        _sandbox.WriteFile("/héllo wörld.txt", "Grüße aus Köln, 世界!\n", SourceTimes.At(1));
        _sandbox.WriteFile("/日本語/ファイル.txt", "これはテストです。\n", SourceTimes.At(2));
        _sandbox.WriteFile("/docs/readme.md", "# Readme\n", SourceTimes.At(3));
        _sandbox.WriteFile("/docs/deep/a/b/c/nested.bin", S3Sandbox.RandomBytes(1, 300_000), SourceTimes.At(4));
        _sandbox.WriteFile("/big/multipart.bin", S3Sandbox.RandomBytes(2, 9 * 1024 * 1024 + 12_345), SourceTimes.At(5));
        _sandbox.WriteFile("/empty.txt", [], SourceTimes.At(6));
        _sandbox.WriteFile("/dup1.txt", duplicate, SourceTimes.At(7));
        _sandbox.WriteFile("/sub/dup2.txt", duplicate, SourceTimes.At(8));
        _sandbox.WriteFile("/notes/keep.txt", SecretText, SourceTimes.At(9));
        uploads.Add(_sandbox.CommitCountingUploads("--message", "first backup", "--label", "build=1"));
        expected.Add(_sandbox.CaptureBase());
        Assert.That(expected[0], Has.Count.EqualTo(9));
        Assert.That(uploads[0], Is.EqualTo(7), "one object per distinct non-empty contents: the duplicate and the empty file upload nothing");

        // Version 2: two renames (one into a new unicode folder), an edit, a delete, a new file.
        _sandbox.MoveFile("/docs/readme.md", "/docs/README.md");
        _sandbox.MoveFile("/日本語/ファイル.txt", "/日本語/名前/ファイル2.txt");
        _sandbox.WriteFile("/héllo wörld.txt", "Grüße aus Köln, 世界! Zweite Fassung.\n", SourceTimes.At(20));
        _sandbox.DeleteFile("/notes/keep.txt");
        _sandbox.WriteFile("/new/添付.bin", S3Sandbox.RandomBytes(3, 1000), SourceTimes.At(21));
        uploads.Add(_sandbox.CommitCountingUploads("--message", "renames, an edit, a delete", "--label", "build=2"));
        expected.Add(_sandbox.CaptureBase());
        Assert.That(uploads[1], Is.EqualTo(2), "renames upload nothing");

        // Version 3: the empty file filled, a duplicate renamed (a move), nothing else.
        _sandbox.WriteFile("/empty.txt", "no longer empty\n", SourceTimes.At(30));
        _sandbox.MoveFile("/sub/dup2.txt", "/dup3.txt");
        uploads.Add(_sandbox.CommitCountingUploads("--message", "third"));
        expected.Add(_sandbox.CaptureBase());

        var unchanged = _sandbox.RunOk();
        Assert.That(unchanged.StandardOutput, Does.Contain("No changes"), unchanged.ToString());

        // list_versions: one line per version, oldest first, the id last; counts, bytes, messages and labels right.
        var versions = _sandbox.ListVersions();
        Assert.That(versions, Has.Count.EqualTo(3), "one line per version; the no-change run made none");
        Assert.That(versions.Select(v => v.VersionId).Distinct().Count(), Is.EqualTo(3), "version ids are distinct");
        for (var i = 0; i < versions.Count; i++)
        {
            Assert.That(versions[i].FileCount, Is.EqualTo(expected[i].Count), $"file count of version {i + 1}: {versions[i].Line}");
            Assert.That(versions[i].Bytes, Is.EqualTo(expected[i].Values.Sum(f => (long)f.Content.Length)), $"bytes of version {i + 1}: {versions[i].Line}");
        }

        Assert.That(versions[0].Line, Does.Contain("first backup").And.Contain("build=1"));
        Assert.That(versions[1].Line, Does.Contain("renames, an edit, a delete").And.Contain("build=2"));
        Assert.That(versions[2].Line, Does.Contain("third").And.Not.Contain("build="));

        // list_files of every version, by full id.
        for (var i = 0; i < versions.Count; i++)
        {
            var files = _sandbox.ListFiles(versions[i].VersionId);
            Assert.That(files.Select(f => f.Path), Is.EqualTo(expected[i].Keys), $"list_files of version {i + 1}");
            Assert.That(files.Select(f => f.Size), Is.EqualTo(expected[i].Values.Select(f => (long)f.Content.Length)), $"sizes in list_files of version {i + 1}");
        }

        // list_changes of every version.
        AssertSameChanges(_sandbox.ListChanges(versions[0].VersionId), [.. expected[0].Keys.Select(p => "added " + p)], "list_changes of version 1");
        AssertSameChanges(_sandbox.ListChanges("label:build=2"),
        [
            "moved /docs/readme.md -> /docs/README.md",
            "moved /日本語/ファイル.txt -> /日本語/名前/ファイル2.txt",
            "changed /héllo wörld.txt",
            "deleted /notes/keep.txt",
            "added /new/添付.bin",
        ], "list_changes of version 2");
        AssertSameChanges(_sandbox.ListChanges("latest"), ["changed /empty.txt", "moved /sub/dup2.txt -> /dup3.txt"], "list_changes of version 3");

        // The OLD version 1 by id, version 2 by label, and latest: exactly their files, byte for byte, with their times.
        var first = _sandbox.NewPath("restore-1");
        _sandbox.RunOk("download", versions[0].VersionId, first);
        TreeSnapshot.AssertFolderHolds(first, expected[0], $"download of version 1 ({versions[0].VersionId})");
        var second = _sandbox.NewPath("restore-2");
        _sandbox.RunOk("download", "label:build=2", second);
        TreeSnapshot.AssertFolderHolds(second, expected[1], "download of label:build=2");
        var latest = _sandbox.NewPath("restore-latest");
        _sandbox.RunOk("download", "latest", latest);
        TreeSnapshot.AssertFolderHolds(latest, expected[2], "download of latest");

        // The bucket holds exactly the file objects the commits said they uploaded, and no gc log.
        var fileVersions = await _server.ListAllVersionsAsync(_bucket, "files/");
        Assert.That(fileVersions.Where(v => v.IsDeleteMarker == true), Is.Empty, "no delete markers among the file objects");
        Assert.That(fileVersions, Has.Count.EqualTo(uploads.Sum()),
            $"object versions under files/ = objects the commits uploaded ({string.Join(" + ", uploads)}): {string.Join(", ", fileVersions.Select(v => v.Key))}");
        Assert.That(await _server.ListAllVersionsAsync(_bucket, "gc_log"), Is.Empty, "no gc log is left after successful commits");
        Assert.That(await _server.ListUploadsAsync(_bucket), Is.Empty, "no unfinished multipart upload is left");

        if (encrypted)
        {
            // Nothing stored shows the plaintext; the data key and salt exist; a wrong password is refused (exit 9).
            var marker = Encoding.UTF8.GetBytes("PLAINTEXT-MARKER-7f3c");
            foreach (var version in await _server.ListAllVersionsAsync(_bucket))
            {
                var body = await _server.GetBytesAsync(_bucket, version.Key, version.VersionId);
                Assert.That(body.AsSpan().IndexOf(marker), Is.EqualTo(-1), $"'{version.Key}' version '{version.VersionId}' holds the plaintext");
            }

            _sandbox.WriteS3Config(_server, _bucket, cryptPassword: "not the password");
            var wrong = _sandbox.Run("download", versions[0].VersionId, _sandbox.NewPath("restore-wrong"));
            Assert.That(wrong.ExitCode, Is.EqualTo(ExitCodes.WrongPassword), wrong.ToString());
        }
    }

    private static void AssertSameChanges(List<string> actual, List<string> expected, string what) =>
        Assert.That(actual.Order(StringComparer.Ordinal), Is.EqualTo(expected.Order(StringComparer.Ordinal)), what);
}
