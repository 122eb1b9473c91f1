using System.Text;
using RRBackup.Engine.Restore;

namespace RRBackup.Engine.Tests.Scanning;

/// <summary>Files that change, have odd names or odd shapes are backed up faithfully or skipped with a warning.</summary>
[TestFixture]
public sealed class MisbehavingFilesTests
{
    private BackupFixture _fixture = null!;

    [SetUp]
    public void CreateFixture() => _fixture = new BackupFixture();

    [TearDown]
    public void DisposeFixture() => _fixture.Dispose();

    [Test]
    public async Task A_file_appended_to_during_the_commit_is_recorded_with_the_hash_of_what_was_stored_or_skipped()
    {
        _fixture.Write("steady.txt", "steady");
        var growing = _fixture.Write("growing.log", new string('x', 8 << 20));
        using var stop = new CancellationTokenSource();
        var appender = Task.Run(async () =>
        {
            await using var stream = new FileStream(growing, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            while (!stop.IsCancellationRequested)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(new string('y', 4096)));
                await stream.FlushAsync();
                // Bounded growth (about 4 MB/s): unthrottled, a loaded machine let the file outgrow every read of it for minutes.
                await Task.Delay(1);
            }
        });

        var result = await _fixture.CommitAsync();
        await stop.CancelAsync();
        await appender;

        Assert.That(result.FileCount, Is.GreaterThanOrEqualTo(1));
        var verify = await _fixture.Engine().VerifyAsync(null, allVersions: true, readData: true);
        Assert.That(verify.IsHealthy, Is.True, string.Join("\n", verify.Problems));
        var files = (await _fixture.Engine().ListFilesAsync("latest")).Files.Select(f => f.Path).ToList();
        Assert.That(files.Contains("/growing.log") || _fixture.Log.Warnings.Any(w => w.Message.Contains("growing.log", StringComparison.Ordinal)), Is.True,
            "the growing file is either stored consistently or skipped with a warning");
    }

    [Test]
    public async Task Names_in_nfc_and_nfd_newlines_and_backslashes_round_trip_as_distinct_files()
    {
        var nfc = "caf\u00e9.txt";
        var nfd = "cafe\u0301.txt";
        string[] names = [nfc, nfd, "line\nbreak.txt", "back\\slash.txt", "tab\there", " leading space", "trailing space ", "émoji-\U0001F600"];
        foreach (var name in names)
        {
            _fixture.Write(name, "contents of " + name);
        }

        await _fixture.CommitAsync();
        var target = _fixture.NewFolder("restore");
        await _fixture.Engine().DownloadAsync("latest", target, DownloadOptions.Everything);

        var restored = BackupFixture.ReadTree(target);
        Assert.That(restored, Has.Count.EqualTo(names.Length));
        foreach (var name in names)
        {
            Assert.That(restored["/" + name], Is.EqualTo("contents of " + name), name);
        }
    }

    [Test]
    public async Task A_sparse_6_GiB_file_is_backed_up_and_reads_back_intact_on_the_local_store()
    {
        using var sized = new BackupFixture("", "[file_pipeline]\n*: compress");
        var path = Path.Combine(sized.BasePath, "sparse.img");
        using (var file = new FileStream(path, FileMode.CreateNew))
        {
            file.SetLength(6L << 30);
            file.Position = 3L << 30;
            file.Write("middle"u8);
            file.Position = (6L << 30) - 3;
            file.Write("end"u8);
        }

        var result = await sized.CommitAsync();

        Assert.That(result.BytesUploaded, Is.EqualTo(6L << 30));
        var stored = Directory.GetFiles(Path.Combine(sized.StorePath, "keys", "files"), "*", SearchOption.AllDirectories).Where(f => !f.EndsWith("~lock", StringComparison.Ordinal)).Single();
        Assert.That(new FileInfo(stored).Length, Is.LessThan(64L << 20), "zeros compress");
        var verify = await sized.Engine().VerifyAsync(null, allVersions: false, readData: true);
        Assert.That(verify.IsHealthy, Is.True, string.Join("\n", verify.Problems));
    }
}
