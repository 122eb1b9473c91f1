using RRBackup.Cli.Tests.Support;

namespace RRBackup.Cli.Tests;

/// <summary>
/// One backup history built step by step through the CLI (unicode names, nested folders, empty files,
/// duplicates, renames, deletes, ignores, skip_delete, labels, messages), then every version restored
/// and compared byte for byte, modification times included, with what the folder held at each commit.
/// </summary>
[TestFixture]
public sealed class MultiCommitHistoryTests
{
    private const string Ignore = "*.tmp, /cache";
    private const string IgnoreWithLogs = "*.tmp, /cache, *.log";
    private const string SkipDelete = "/snapshots";

    private CliSandbox _sandbox = null!;

    [SetUp]
    public void SetUp() => _sandbox = new CliSandbox();

    [TearDown]
    public void TearDown() => _sandbox.Dispose();

    [Test]
    public void Every_version_of_a_multi_commit_history_restores_byte_for_byte_with_its_modification_times()
    {
        var expected = new List<SortedDictionary<string, FileState>>();
        var changes = new List<List<string>>();

        // Version 1: unicode names, nested folders, empty files, duplicates, ignored files, names a store might trip on.
        _sandbox.WriteConfig(ignoreFiles: Ignore, skipDelete: SkipDelete);
        _sandbox.WriteFile("/héllo wörld.txt", "Grüße aus Köln, 世界!\n", SourceTimes.At(1));
        _sandbox.WriteFile("/日本語/ファイル.txt", "これはテストです。\n", SourceTimes.At(2));
        _sandbox.WriteFile("/docs/readme.md", "# Readme\n", SourceTimes.At(3));
        _sandbox.WriteFile("/docs/deep/a/b/c/nested.bin", RandomBytes(1, 300_000), SourceTimes.At(4));
        _sandbox.WriteFile("/empty.txt", [], SourceTimes.At(5));
        _sandbox.WriteFile("/docs/empty-too.txt", [], SourceTimes.At(6));
        _sandbox.WriteFile("/dup1.txt", "same content in two files\n", SourceTimes.At(7));
        _sandbox.WriteFile("/sub/dup2.txt", "same content in two files\n", SourceTimes.At(8));
        _sandbox.WriteFile("/scratch.tmp", "ignored at the top\n", SourceTimes.At(9));
        _sandbox.WriteFile("/docs/deep/x.tmp", "ignored deep down\n", SourceTimes.At(10));
        _sandbox.WriteFile("/cache/blob.dat", RandomBytes(2, 4096), SourceTimes.At(11));
        _sandbox.WriteFile("/cache/inner/blob2.dat", "ignored with its folder\n", SourceTimes.At(12));
        _sandbox.WriteFile("/snapshots/db-1.snap", RandomBytes(3, 5000), SourceTimes.At(13));
        _sandbox.WriteFile("/notes/keep.txt", "keep me\n", SourceTimes.At(14));
        _sandbox.WriteFile("/app.log", "log line 1\n", SourceTimes.At(15));
        _sandbox.WriteFile("/logs/deep.log", "deep log\n", SourceTimes.At(16));
        _sandbox.WriteFile("/odd/.hidden", "dot file\n", SourceTimes.At(17));
        _sandbox.WriteFile("/odd/~v", "named like the local store's version folder\n", SourceTimes.At(18));
        _sandbox.WriteFile("/odd/%", "percent\n", SourceTimes.At(19));
        _sandbox.WriteFile("/odd/a%2Fb.txt", "an escaped slash that is not one\n", SourceTimes.At(20));
        _sandbox.WriteFile("/swap", "a file that becomes a folder\n", SourceTimes.At(21));
        _sandbox.Commit("--message", "first backup", "--label", "build=1");
        expected.Add(ExpectedNow(previous: null, logsIgnored: false));
        changes.Add([.. expected[0].Keys.Select(p => "added " + p)]);
        Assert.That(expected[0], Has.Count.EqualTo(17));
        AssertSameChanges(_sandbox.ListChanges("latest"), changes[0], "list_changes of version 1");

        // Version 2: renames (one into a new unicode folder), edits, a same-size edit of one of two duplicates,
        // a delete, an mtime-only touch, new files, a skip_delete file deleted locally, and a file replaced by a folder.
        _sandbox.MoveFile("/docs/readme.md", "/docs/README.md");
        _sandbox.MoveFile("/日本語/ファイル.txt", "/日本語/名前/ファイル2.txt");
        _sandbox.WriteFile("/héllo wörld.txt", "Grüße aus Köln, 世界! Zweite Fassung.\n", SourceTimes.At(20));
        _sandbox.WriteFile("/dup1.txt", "SAME content in two files\n", SourceTimes.At(21));
        _sandbox.DeleteFile("/notes/keep.txt");
        _sandbox.WriteFile("/new/添付.bin", RandomBytes(4, 1000), SourceTimes.At(22));
        File.SetLastWriteTimeUtc(_sandbox.SourcePath("/sub/dup2.txt"), SourceTimes.At(23));
        _sandbox.DeleteFile("/snapshots/db-1.snap");
        _sandbox.WriteFile("/snapshots/db-2.snap", RandomBytes(5, 7000), SourceTimes.At(24));
        _sandbox.WriteFile("/another.tmp", "ignored\n", SourceTimes.At(25));
        _sandbox.DeleteFile("/swap");
        _sandbox.WriteFile("/swap/inside.txt", "the folder that replaced a file\n", SourceTimes.At(26));
        _sandbox.WriteFile("/~v/deep.txt", "below a folder named ~v\n", SourceTimes.At(27));
        _sandbox.Commit("--message", "renames, edits and deletes");
        expected.Add(ExpectedNow(expected[^1], logsIgnored: false));
        changes.Add(
        [
            "moved /docs/readme.md -> /docs/README.md",
            "moved /日本語/ファイル.txt -> /日本語/名前/ファイル2.txt",
            "changed /héllo wörld.txt",
            "changed /dup1.txt",
            "deleted /notes/keep.txt",
            "added /new/添付.bin",
            "added /snapshots/db-2.snap",
            "touched /sub/dup2.txt",
            "deleted /swap",
            "added /swap/inside.txt",
            "added /~v/deep.txt",
        ]);
        Assert.That(expected[1].ContainsKey("/snapshots/db-1.snap"), Is.True, "the skip_delete file stays in version 2");
        AssertSameChanges(_sandbox.ListChanges("latest"), changes[1], "list_changes of version 2");

        // Nothing changed: no version.
        var unchanged = _sandbox.RunOk();
        Assert.That(unchanged.StandardOutput, Does.Contain("No changes"), unchanged.ToString());

        // Version 3: *.log comes to be ignored (the logs leave the manifest), a copy of a stored file, an empty file filled.
        _sandbox.WriteConfig(ignoreFiles: IgnoreWithLogs, skipDelete: SkipDelete);
        File.Copy(_sandbox.SourcePath("/docs/deep/a/b/c/nested.bin"), _sandbox.SourcePath("/copy-of-nested.bin"));
        File.SetLastWriteTimeUtc(_sandbox.SourcePath("/copy-of-nested.bin"), SourceTimes.At(30));
        _sandbox.WriteFile("/empty.txt", "no longer empty\n", SourceTimes.At(31));
        _sandbox.Commit("--label", "build=2", "--message", "ignore logs");
        expected.Add(ExpectedNow(expected[^1], logsIgnored: true));
        changes.Add(["deleted /app.log", "deleted /logs/deep.log", "added /copy-of-nested.bin", "changed /empty.txt"]);
        AssertSameChanges(_sandbox.ListChanges("latest"), changes[2], "list_changes of version 3");

        // Version 4: nothing changed, but a label records an empty version.
        var labelled = _sandbox.RunOk("--label", "build=3", "--message", "labelled, nothing changed");
        Assert.That(labelled.StandardOutput, Does.Not.Contain("No changes"), labelled.ToString());
        expected.Add(ExpectedNow(expected[^1], logsIgnored: true));
        changes.Add([]);
        var emptyVersion = _sandbox.RunOk("list_changes", "latest");
        Assert.That(ChangeLines.Parse(EmptyOr(emptyVersion)), Is.Empty);
        Assert.That(emptyVersion.StandardOutput, Does.Contain("changed no files"), emptyVersion.ToString());

        // Version 5: a whole folder tree deleted (with an ignored file in it), a duplicate deleted, another
        // skip_delete file deleted locally, and a new file in a new unicode folder with spaces.
        Directory.Delete(_sandbox.SourcePath("/docs"), recursive: true);
        _sandbox.DeleteFile("/dup1.txt");
        _sandbox.DeleteFile("/snapshots/db-2.snap");
        _sandbox.WriteFile("/données/été 2024/rapport final.txt", "Résumé: tout va bien.\n", SourceTimes.At(40));
        _sandbox.Commit("--message", "delete docs");
        expected.Add(ExpectedNow(expected[^1], logsIgnored: true));
        changes.Add(
        [
            "deleted /docs/README.md",
            "deleted /docs/deep/a/b/c/nested.bin",
            "deleted /docs/empty-too.txt",
            "deleted /dup1.txt",
            "added /données/été 2024/rapport final.txt",
        ]);
        Assert.That(expected[4].Keys, Does.Contain("/snapshots/db-1.snap").And.Contain("/snapshots/db-2.snap"));
        AssertSameChanges(_sandbox.ListChanges("latest"), changes[4], "list_changes of version 5");

        // list_versions: one line per version, oldest first, id last, counts and bytes right.
        var versions = _sandbox.ListVersions();
        Assert.That(versions, Has.Count.EqualTo(expected.Count), "one line per version; the no-change run made none");
        Assert.That(versions.Select(v => v.VersionId).Distinct().Count(), Is.EqualTo(versions.Count), "version ids are distinct");
        for (var i = 0; i < versions.Count; i++)
        {
            Assert.That(versions[i].FileCount, Is.EqualTo(expected[i].Count), $"file count of version {i + 1}: {versions[i].Line}");
            Assert.That(versions[i].Bytes, Is.EqualTo(expected[i].Values.Sum(f => (long)f.Content.Length)), $"bytes of version {i + 1}: {versions[i].Line}");
        }

        Assert.That(versions[0].Line, Does.Contain("first backup").And.Contain("build=1"));
        Assert.That(versions[1].Line, Does.Contain("renames, edits and deletes").And.Not.Contain("build="));
        Assert.That(versions[2].Line, Does.Contain("ignore logs").And.Contain("build=2"));
        Assert.That(versions[3].Line, Does.Contain("labelled, nothing changed").And.Contain("build=3"));
        Assert.That(versions[4].Line, Does.Contain("delete docs"));

        // list_files and list_changes of every version, named by full id.
        for (var i = 0; i < versions.Count; i++)
        {
            var files = _sandbox.ListFiles(versions[i].VersionId);
            Assert.That(files.Select(f => f.Path), Is.EqualTo(expected[i].Keys), $"list_files of version {i + 1}");
            Assert.That(files.Select(f => f.Size), Is.EqualTo(expected[i].Values.Select(f => (long)f.Content.Length)), $"sizes in list_files of version {i + 1}");
        }

        AssertSameChanges(_sandbox.ListChanges(versions[1].VersionId), changes[1], "list_changes of version 2 by id, after later commits");

        // Every version restored into a fresh folder: exactly its files, byte for byte, with their times.
        for (var i = 0; i < versions.Count; i++)
        {
            var target = _sandbox.NewPath($"restore-{i + 1}");
            _sandbox.RunOk("download", versions[i].VersionId, target);
            TreeSnapshot.AssertFolderHolds(target, expected[i], $"download of version {i + 1} ({versions[i].VersionId})");
        }

        var byLabel = _sandbox.NewPath("restore-build-1");
        _sandbox.RunOk("download", "label:build=1", byLabel);
        TreeSnapshot.AssertFolderHolds(byLabel, expected[0], "download of label:build=1");

        var byEmptyVersionLabel = _sandbox.NewPath("restore-build-3");
        _sandbox.RunOk("download", "label:build=3", byEmptyVersionLabel);
        TreeSnapshot.AssertFolderHolds(byEmptyVersionLabel, expected[3], "download of label:build=3 (the empty labelled version)");
    }

    /// <summary>What the version just committed must hold: base now, less ignored files, plus skip_delete survivors.</summary>
    private SortedDictionary<string, FileState> ExpectedNow(SortedDictionary<string, FileState>? previous, bool logsIgnored)
    {
        var now = TreeSnapshot.Without(_sandbox.CaptureBase(), p => IsIgnored(p, logsIgnored));
        foreach (var (path, state) in previous ?? [])
        {
            if (path.StartsWith("/snapshots/", StringComparison.Ordinal) && !now.ContainsKey(path))
            {
                now[path] = state;
            }
        }

        return now;
    }

    private static bool IsIgnored(string path, bool logsIgnored) =>
        path.EndsWith(".tmp", StringComparison.Ordinal)
        || path.StartsWith("/cache/", StringComparison.Ordinal)
        || (logsIgnored && path.EndsWith(".log", StringComparison.Ordinal));

    private static void AssertSameChanges(List<string> actual, List<string> expected, string what) =>
        Assert.That(actual.Order(StringComparer.Ordinal), Is.EqualTo(expected.Order(StringComparer.Ordinal)), what);

    /// <summary>The result with the 'changed no files' note taken out, so that only change lines remain.</summary>
    private static ProcessResult EmptyOr(ProcessResult result) =>
        result with { StandardOutput = string.Join('\n', result.OutputLines.Where(l => !l.Contains("changed no files", StringComparison.Ordinal))) };

    private static byte[] RandomBytes(int seed, int count)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
