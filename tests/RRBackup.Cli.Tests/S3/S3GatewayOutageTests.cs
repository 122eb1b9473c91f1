using System.Diagnostics;
using Amazon.S3.Model;
using RRBackup.Cli.Tests.Support;
using RRBackup.Engine.Errors;

namespace RRBackup.Cli.Tests.S3;

/// <summary>
/// The S3 gateway (radosgw) stopped in the middle of a commit, while the memstore OSD keeps the data:
/// the commit fails with a clear store error; once the gateway is back the next commit succeeds, the
/// history holds the earlier versions plus the new one and nothing partial, every earlier version still
/// restores byte for byte, and no object version written by the failed commit is left in the bucket.
/// </summary>
/// <remarks>
/// Stopping the gateway breaks every other S3 test that runs at that moment, so this fixture runs alone.
/// The gateway is always started again, whatever happens.
/// </remarks>
[TestFixture]
[NonParallelizable]
public sealed class S3GatewayOutageTests
{
    private const int BulkFiles = 150;
    private const int BulkFileSize = 256 * 1024;
    private const int LargeFiles = 3;
    private const int LargeFileSize = 40 * 1024 * 1024;
    private static readonly TimeSpan ExitLimit = TimeSpan.FromSeconds(180);

    private S3TestServer _server = null!;
    private CliSandbox _sandbox = null!;
    private string? _bucket;

    [OneTimeSetUp]
    public void FindServer()
    {
        _server = S3TestServer.FromEnvironment();
        if (_server.StateDir is null)
        {
            S3TestServer.NoServer($"{S3TestServer.DirVariable} (the server's state folder) is not set, so the gateway cannot be stopped");
        }
    }

    [OneTimeTearDown]
    public void ForgetServer() => _server?.Dispose();

    [SetUp]
    public void SetUp() => _sandbox = new CliSandbox();

    [TearDown]
    public async Task TearDown()
    {
        await EnsureGatewayRunningAsync();
        _sandbox.Dispose();
        if (_bucket is not null)
        {
            await _server.DeleteBucketAsync(_bucket);
        }
    }

    [Test]
    public async Task A_commit_cut_off_by_a_stopped_gateway_fails_clearly_and_the_next_commit_succeeds_leaving_no_garbage()
    {
        _bucket = await _server.CreateBucketAsync("outage", versioned: true);
        _sandbox.WriteS3Config(_server, _bucket, concurrency: 2);
        var expected = new List<SortedDictionary<string, FileState>>();
        var uploads = new List<int>();

        // Two small versions first: the history that must survive the outage.
        _sandbox.WriteFile("/small/a.txt", "version one of a\n", SourceTimes.At(1));
        _sandbox.WriteFile("/small/b.bin", S3Sandbox.RandomBytes(1, 100_000), SourceTimes.At(2));
        _sandbox.WriteFile("/small/ünï.txt", "unicode\n", SourceTimes.At(3));
        _sandbox.WriteFile("/empty.txt", [], SourceTimes.At(4));
        uploads.Add(_sandbox.CommitCountingUploads("--message", "one"));
        expected.Add(_sandbox.CaptureBase());

        _sandbox.WriteFile("/small/a.txt", "version two of a\n", SourceTimes.At(10));
        _sandbox.WriteFile("/small/c.bin", S3Sandbox.RandomBytes(2, 50_000), SourceTimes.At(11));
        uploads.Add(_sandbox.CommitCountingUploads("--message", "two"));
        expected.Add(_sandbox.CaptureBase());
        var before = _sandbox.ListVersions();
        Assert.That(before, Has.Count.EqualTo(2));

        // A commit big enough to take a few seconds: 150 files of 256 KiB of random data, two transfers at a time.
        for (var i = 0; i < BulkFiles; i++)
        {
            _sandbox.WriteFile($"/bulk/file-{i:D3}.bin", S3Sandbox.RandomBytes(1000 + i, BulkFileSize), SourceTimes.At(100 + i));
        }

        var failed = await CutOffCommitAsync("cut off", async () =>
        {
            var page = await _server.Client.ListVersionsAsync(new ListVersionsRequest { BucketName = _bucket, Prefix = "files/bulk/" });
            return page.Versions?.Count > 0 ? $"{page.Versions.Count} bulk object(s) were in the bucket" : null;
        });
        Assert.That(failed.ExitCode, Is.EqualTo(ExitCodes.Store), failed.ToString());
        Assert.That(failed.StandardError, Does.Contain($"error {ErrorCodes.StoreFailure}:").And.Contain($"s3://{_bucket}"), failed.ToString());
        Assert.That(failed.StandardError, Does.Contain("' failed: "), $"the message says which request failed and why{Environment.NewLine}{failed}");
        Assert.That(failed.StandardError, Does.Not.Contain("   at "), $"no stack trace{Environment.NewLine}{failed}");
        Assert.That(failed.StandardOutput, Does.Not.Contain("Committed version"), failed.ToString());

        // The failed commit made no version: the history is what it was, and its gc log marks it as interrupted.
        var afterFailure = _sandbox.ListVersions();
        Assert.That(afterFailure.Select(v => v.VersionId), Is.EqualTo(before.Select(v => v.VersionId)), "no version, partial or not, came from the failed commit");
        Assert.That(await _server.ListAllVersionsAsync(_bucket, "gc_log"), Is.Not.Empty, "the interrupted commit left its gc log");
        var orphans = await _server.ListAllVersionsAsync(_bucket, "files/bulk/");
        TestContext.Out.WriteLine($"      object versions the failed commit left under files/bulk/: {orphans.Count}");
        Assume.That(orphans, Is.Not.Empty, "the failed commit had written some objects, which the next commit must clean up");

        // The next commit succeeds, cleaning up what the interrupted one left.
        var next = _sandbox.Commit("--message", "after the outage");
        uploads.Add(S3Sandbox.UploadedObjects(next));
        expected.Add(_sandbox.CaptureBase());
        Assert.That(uploads[^1], Is.EqualTo(BulkFiles), next.ToString());
        Assert.That(next.StandardError, Does.Contain(ErrorCodes.InterruptedCommitCleaned), $"the clean-up of the interrupted commit is reported{Environment.NewLine}{next}");

        var versions = _sandbox.ListVersions();
        Assert.That(versions, Has.Count.EqualTo(3), "the two earlier versions plus the new one");
        Assert.That(versions.Take(2).Select(v => v.VersionId), Is.EqualTo(before.Select(v => v.VersionId)));
        Assert.That(versions[2].Line, Does.Contain("after the outage"));
        Assert.That(versions.Select(v => v.Line), Has.None.Contain("cut off"));
        for (var i = 0; i < versions.Count; i++)
        {
            Assert.That(versions[i].FileCount, Is.EqualTo(expected[i].Count), versions[i].Line);
            var target = _sandbox.NewPath($"restore-{i + 1}");
            _sandbox.RunOk("download", versions[i].VersionId, target);
            TreeSnapshot.AssertFolderHolds(target, expected[i], $"download of version {i + 1} ({versions[i].VersionId})");
        }

        // No garbage: each key under files/ has exactly the versions the successful commits wrote (a.txt twice, the rest once),
        // which is also the number of objects they said they uploaded; no gc log; no unfinished upload.
        var fileVersions = await _server.ListAllVersionsAsync(_bucket, "files/");
        var actualPerKey = fileVersions.GroupBy(v => v.Key).ToDictionary(g => g.Key, g => g.Count());
        var expectedPerKey = expected[^1].Where(f => f.Value.Content.Length > 0).ToDictionary(f => "files/" + f.Key[1..], _ => 1);
        expectedPerKey["files/small/a.txt"] = 2;
        Assert.That(fileVersions.Where(v => v.IsDeleteMarker == true), Is.Empty, "no delete markers among the file objects");
        Assert.That(actualPerKey.OrderBy(p => p.Key, StringComparer.Ordinal), Is.EqualTo(expectedPerKey.OrderBy(p => p.Key, StringComparer.Ordinal)),
            "object versions per key under files/: an unreferenced version written by the failed commit is left");
        Assert.That(fileVersions, Has.Count.EqualTo(uploads.Sum()), $"versions under files/ = objects uploaded by the successful commits ({string.Join(" + ", uploads)})");
        Assert.That(await _server.ListAllVersionsAsync(_bucket, "gc_log"), Is.Empty, "the gc log is gone once cleaned up");
        Assert.That(await _server.ListUploadsAsync(_bucket), Is.Empty, "no unfinished multipart upload is left");
    }

    [Test]
    public async Task A_commit_cut_off_during_multipart_uploads_leaves_no_unfinished_upload_once_the_next_commit_has_cleaned_up()
    {
        // The gc log names every key the interrupted commit was writing; cleaning it up must also abort the
        // multipart uploads of those keys that the interrupted commit could not abort itself (the server was gone).
        _bucket = await _server.CreateBucketAsync("outage-mpu", versioned: true);
        _sandbox.WriteS3Config(_server, _bucket, concurrency: 2);
        _sandbox.WriteFile("/small/a.txt", "before the outage\n", SourceTimes.At(1));
        var uploads = new List<int> { _sandbox.CommitCountingUploads("--message", "one") };
        var expected = new List<SortedDictionary<string, FileState>> { _sandbox.CaptureBase() };

        for (var i = 0; i < LargeFiles; i++)
        {
            _sandbox.WriteFile($"/large/file-{i}.bin", S3Sandbox.RandomBytes(5000 + i, LargeFileSize), SourceTimes.At(200 + i));
        }

        var failed = await CutOffCommitAsync("cut off in multipart uploads", async () =>
        {
            var open = await _server.ListUploadsAsync(_bucket);
            return open.Count > 0 ? $"{open.Count} multipart upload(s) were open ({string.Join(", ", open.Select(u => u.Key))})" : null;
        });
        Assert.That(failed.ExitCode, Is.EqualTo(ExitCodes.Store), failed.ToString());
        Assert.That(failed.StandardError, Does.Contain($"error {ErrorCodes.StoreFailure}:").And.Contain($"s3://{_bucket}"), failed.ToString());
        var leftByFailure = await _server.ListUploadsAsync(_bucket);
        TestContext.Out.WriteLine($"      unfinished uploads after the failure: {leftByFailure.Count} ({string.Join(", ", leftByFailure.Select(u => u.Key))})");
        Assume.That(leftByFailure, Is.Not.Empty, "the failed commit left unfinished multipart uploads (it could not abort them with the gateway gone)");

        var next = _sandbox.Commit("--message", "after the outage");
        uploads.Add(S3Sandbox.UploadedObjects(next));
        expected.Add(_sandbox.CaptureBase());
        Assert.That(uploads[^1], Is.EqualTo(LargeFiles), next.ToString());

        var versions = _sandbox.ListVersions();
        Assert.That(versions, Has.Count.EqualTo(2));
        for (var i = 0; i < versions.Count; i++)
        {
            var target = _sandbox.NewPath($"restore-{i + 1}");
            _sandbox.RunOk("download", versions[i].VersionId, target);
            TreeSnapshot.AssertFolderHolds(target, expected[i], $"download of version {i + 1} ({versions[i].VersionId})");
        }

        var fileVersions = await _server.ListAllVersionsAsync(_bucket, "files/");
        Assert.That(fileVersions, Has.Count.EqualTo(uploads.Sum()), $"versions under files/ = objects uploaded by the successful commits ({string.Join(" + ", uploads)})");
        Assert.That(await _server.ListAllVersionsAsync(_bucket, "gc_log"), Is.Empty, "the gc log is gone once cleaned up");
        var left = await _server.ListUploadsAsync(_bucket);
        Assert.That(left.Select(u => $"{u.Key} (upload {u.UploadId}, initiated {u.Initiated:O})"), Is.Empty,
            "unfinished multipart uploads of keys named by the cleaned-up gc log are still in the bucket (their parts use space until abandoned_upload_hours pass)");
    }

    /// <summary>
    /// Starts a commit in the background, waits until <paramref name="begun"/> says what it sees (polling), stops
    /// the gateway, waits (bounded) for the commit to exit and starts the gateway again. Reports the timings.
    /// </summary>
    private async Task<ProcessResult> CutOffCommitAsync(string message, Func<Task<string?>> begun)
    {
        using var commit = BackgroundRrBackup.Start(_sandbox.Root, "--message", message);
        try
        {
            var seen = await WaitUntilAsync(commit, begun);
            var clock = Stopwatch.StartNew();
            _server.Gateway("stop-gateway");
            var stopTook = clock.Elapsed;
            var exited = await commit.WaitAsync(ExitLimit);
            var exitAfter = clock.Elapsed;
            Assert.That(exited, Is.Not.Null, $"the commit did not exit within {ExitLimit.TotalSeconds} s of the gateway stopping");
            TestContext.Out.WriteLine($"      the cut-off commit exited {exitAfter.TotalSeconds:0.00} s after stop-gateway was run "
                + $"({(exitAfter - stopTook).TotalSeconds:0.00} s after radosgw was gone; stopping it took {stopTook.TotalSeconds:0.00} s; "
                + $"when the stop began {seen}; the whole run took {exited!.Elapsed.TotalSeconds:0.00} s)");
            TestContext.Out.WriteLine("      stderr: " + exited.StandardError.Trim());
            return exited;
        }
        finally
        {
            await EnsureGatewayRunningAsync();
        }
    }

    /// <summary>Polls until <paramref name="begun"/> returns what it saw; fails if the commit ends first or 60 s pass.</summary>
    private static async Task<string> WaitUntilAsync(BackgroundRrBackup commit, Func<Task<string?>> begun)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (await begun() is { } seen)
            {
                return seen;
            }

            if (commit.HasExited)
            {
                var result = await commit.WaitAsync(TimeSpan.FromSeconds(5));
                Assert.Fail($"the commit ended before the gateway could be stopped under it; make it bigger{Environment.NewLine}{result}");
            }

            await Task.Delay(20);
        }

        Assert.Fail("the commit did not begin uploading within 60 s");
        return "";
    }

    private async Task EnsureGatewayRunningAsync()
    {
        if (!await _server.AnswersAsync())
        {
            _server.Gateway("start-gateway");
        }
    }
}
