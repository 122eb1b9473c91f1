using System.Diagnostics;
using System.Text.RegularExpressions;
using RRBackup.Cli.Tests.Support;

namespace RRBackup.Cli.Tests.Crash;

/// <summary>
/// Starts `rrbackup commit` on a large commit (200 files of 64–256 KiB random data, then each trial changes,
/// adds, deletes, renames and copies files) and kills it with SIGKILL (the whole process tree) at a random
/// moment of the commit (seeded, spread over a clean commit's measured duration). After every trial:
/// (a) the remote shows exactly the previous version or exactly the new one (list_versions, list_files,
/// and a download compared byte for byte, through a reader with a cache of its own); (b) the next commit
/// succeeds and then the latest version is the tree on disk; (c) counted independently of rrbackup (the
/// store's folder or the bucket's listing, manifest diffs parsed from their bytes): every file-object
/// version is referenced by the chain, every reference exists, and no gc log remains; garbage_collect
/// --dry-run agrees.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class KillTests
{
    private const int LocalKills = 20;
    private const int S3Kills = 10;

    [Test]
    public async Task Killing_a_large_commit_at_random_moments_on_the_local_store_never_leaves_a_mix_or_garbage()
    {
        using var sandbox = new CliSandbox();
        sandbox.WriteConfig();
        File.WriteAllText(Path.Combine(sandbox.Root, "reader.ini"),
            "[main]\nbase_path: base\nlocal_manifest_file: reader-cache/manifest.json\ncrypt_password:\n\n[local]\npath: store\n");
        var remote = new LocalRawRemote(sandbox.StorePath);
        await RunTrialsAsync(sandbox, remote, LocalKills, seed: 7_2026, () => $"{remote.TemporaryFiles} temporary file(s) in tmp/", everyTrialGc: true);
    }

    [Test]
    public async Task Killing_a_large_commit_at_random_moments_on_S3_never_leaves_a_mix_or_garbage()
    {
        using var server = CrashS3.FromEnvironment();
        var bucket = await server.CreateBucketAsync("kill");
        try
        {
            using var sandbox = new CliSandbox();
            sandbox.WriteConfigText("[main]\nbase_path: base\nlocal_manifest_file: cache/manifest.json\ncrypt_password:\n\n" + server.Section(bucket));
            File.WriteAllText(Path.Combine(sandbox.Root, "reader.ini"),
                "[main]\nbase_path: base\nlocal_manifest_file: reader-cache/manifest.json\ncrypt_password:\n\n" + server.Section(bucket));
            // garbage_collect and verify --all send a request per key: on S3 they run once, at the end, and verify reads the latest version's data only.
            await RunTrialsAsync(sandbox, new S3RawRemote(server, bucket), S3Kills, seed: 10_2026, () =>
            {
                var uploads = server.Client.ListMultipartUploadsAsync(bucket).GetAwaiter().GetResult();
                return $"{uploads.MultipartUploads?.Count ?? 0} unfinished multipart upload(s)";
            }, everyTrialGc: false);
        }
        finally
        {
            await server.DeleteBucketAsync(bucket);
        }
    }

    /// <summary>Runs trials until <paramref name="kills"/> of them killed a running commit (a commit that finishes before its kill is checked too, and does not count).</summary>
    private static async Task RunTrialsAsync(CliSandbox sandbox, IRawRemote remote, int kills, int seed, Func<string> leftovers, bool everyTrialGc)
    {
        var clock = Stopwatch.StartNew();
        var random = new Random(seed);
        var tree = new CrashTree(sandbox.BasePath, random);
        tree.Create(200, 64 << 10, 256 << 10);
        Commit(sandbox);
        var committed = sandbox.CaptureBase();
        var versions = 1;

        // A clean commit of the same size, timed, sets the range the kills are spread over.
        Mutate(tree);
        var measured = Stopwatch.StartNew();
        Commit(sandbox);
        var duration = measured.Elapsed;
        committed = sandbox.CaptureBase();
        versions++;
        (await RemoteAudit.RunAsync(remote)).AssertClean("after the measured commit");
        TestContext.Out.WriteLine($"a clean commit of the same size takes {duration.TotalSeconds:0.00} s; kills are spread over it");

        var killsSurvived = 0;
        var phases = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var trial = 0;
        while (killsSurvived < kills)
        {
            trial++;
            Assert.That(trial, Is.LessThanOrEqualTo(kills * 2), $"only {killsSurvived} of {trial - 1} trials killed a running commit");
            Mutate(tree);
            var expected = sandbox.CaptureBase();
            var delay = TimeSpan.FromMilliseconds(random.NextDouble() * duration.TotalMilliseconds);
            ProcessResult result;
            bool killed;
            using (var child = ChildProcess.Start(sandbox.Root, ["commit"]))
            {
                Thread.Sleep(delay);
                child.Kill();
                result = child.Wait(TimeSpan.FromSeconds(120)) ?? throw new AssertionException("the commit neither ended nor died");
                killed = child.WasKilled;
            }

            var what = $"trial {trial} (killed after {delay.TotalMilliseconds:0} ms)";
            if (!killed)
            {
                Assert.That(result.ExitCode, Is.EqualTo(0), $"{what}: the commit ended by itself, but failed{Environment.NewLine}{result}");
            }

            // Where did the kill land? Read from the store itself, before anything else touches it.
            var before = await RemoteAudit.RunAsync(remote);
            var phase = !killed ? "not killed: the commit had finished"
                : before.Chain.Count > versions ? "after the commit point"
                : before.GcLogs.Count > 0 ? "after the gc log, before the commit point"
                : "before the gc log";
            phases[phase] = phases.GetValueOrDefault(phase) + 1;
            TestContext.Out.WriteLine($"  {what}: {phase}; {before.Unreferenced.Count} unreferenced version(s), {before.GcLogs.Count} gc log(s), {leftovers()}");

            // (a) exactly the previous version or exactly the new one, seen by another client.
            var listed = ReadVersions(sandbox);
            Assert.That(listed.Count, Is.EqualTo(versions).Or.EqualTo(versions + 1), $"{what}: list_versions");
            if (!killed)
            {
                Assert.That(listed, Has.Count.EqualTo(versions + 1), $"{what}: a commit that exited 0 made a version");
            }

            var shown = listed.Count == versions ? committed : expected;
            AssertVersionHolds(sandbox, "latest", shown, $"{what}, (a) after the kill, version #{listed.Count}");

            // (b) the next commit succeeds, and the latest version is what is on disk.
            var next = ChildProcess.Run(sandbox.Root, ["commit"], TimeSpan.FromSeconds(180));
            Assert.That(next.ExitCode, Is.EqualTo(0), $"{what}: the commit after the kill{Environment.NewLine}{next}");
            versions++;
            AssertVersionHolds(sandbox, "latest", expected, $"{what}, (b) after the next commit");
            committed = expected;

            // (c) counted without rrbackup: nothing unreferenced, nothing missing, no gc log; and rrbackup agrees.
            var after = await RemoteAudit.RunAsync(remote);
            after.AssertClean($"{what}, (c)");
            Assert.That(after.Chain, Has.Count.EqualTo(versions), $"{what}: (b, c) the chain of diffs holds one more version");
            Assert.That(after.Losers, Is.Empty, $"{what}: (c) diffs outside the chain");
            if (everyTrialGc)
            {
                AssertGarbageCollectFindsNothing(sandbox, what);
            }

            if (killed)
            {
                killsSurvived++;
            }
        }

        AssertGarbageCollectFindsNothing(sandbox, "at the end");
        string[] verifyArguments = everyTrialGc ? ["verify", "--all", "--read-data"] : ["verify", "--read-data"];
        var verify = RunReader(sandbox, verifyArguments);
        Assert.That(verify.ExitCode, Is.EqualTo(0), $"{string.Join(' ', verifyArguments)} at the end{Environment.NewLine}{verify}");
        TestContext.Out.WriteLine($"{remote.Name}: {killsSurvived} kills survived in {trial} trials ({clock.Elapsed.TotalSeconds:0} s); where they landed:");
        foreach (var (phase, count) in phases)
        {
            TestContext.Out.WriteLine($"  {count,3} x {phase}");
        }

    }

    private static void AssertGarbageCollectFindsNothing(CliSandbox sandbox, string what)
    {
        var gc = RunReader(sandbox, "garbage_collect", "--dry-run");
        Assert.That(gc.ExitCode, Is.EqualTo(0), gc.ToString());
        Assert.That(gc.StandardOutput, Does.Contain("Would delete 0 unreferenced"), $"{what}: garbage_collect --dry-run{Environment.NewLine}{gc}");
    }

    private static void Mutate(CrashTree tree) => tree.Mutate(changed: 60, added: 15, deleted: 8, renamed: 8, duplicated: 4, 64 << 10, 256 << 10);

    private static void Commit(CliSandbox sandbox)
    {
        var result = ChildProcess.Run(sandbox.Root, ["commit"], TimeSpan.FromSeconds(180));
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(CommittedPattern().IsMatch(result.StandardOutput), Is.True, result.ToString());
    }

    /// <summary>Runs a command with the reader's configuration (its own cache), so the writer's cache is left as the kill left it.</summary>
    private static ProcessResult RunReader(CliSandbox sandbox, params string[] arguments) =>
        ChildProcess.Run(sandbox.Root, [.. arguments, "--config", "reader.ini"], TimeSpan.FromSeconds(180));

    private static List<VersionLine> ReadVersions(CliSandbox sandbox)
    {
        var result = RunReader(sandbox, "list_versions");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        return result.StandardOutput.Contains("No versions yet", StringComparison.Ordinal) ? [] : [.. result.OutputLines.Select(VersionLine.Parse)];
    }

    /// <summary>list_files shows exactly the expected paths and sizes, and a download holds exactly the expected bytes and times.</summary>
    private static void AssertVersionHolds(CliSandbox sandbox, string version, IReadOnlyDictionary<string, FileState> expected, string what)
    {
        var files = RunReader(sandbox, "list_files", version);
        Assert.That(files.ExitCode, Is.EqualTo(0), files.ToString());
        var listed = files.OutputLines.Select(FileLine.Parse).ToDictionary(f => f.Path, f => f.Size, StringComparer.Ordinal);
        Assert.That(listed, Is.EquivalentTo(expected.ToDictionary(e => e.Key, e => (long)e.Value.Content.Length, StringComparer.Ordinal)), $"{what}: list_files");

        var target = Path.Combine(sandbox.Root, "restore-" + Guid.NewGuid().ToString("N")[..8]);
        var download = RunReader(sandbox, "download", version, target);
        Assert.That(download.ExitCode, Is.EqualTo(0), download.ToString());
        TreeSnapshot.AssertFolderHolds(target, expected, what);
        Directory.Delete(target, recursive: true);
    }

    [GeneratedRegex(@"Committed version \S+ \(#\d+\)")]
    private static partial Regex CommittedPattern();
}
