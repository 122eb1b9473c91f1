using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using RRBackup.Cli.Tests.Support;
using RRBackup.Engine;
using RRBackup.Engine.Configuration;
using RRBackup.Engine.Restore;

namespace RRBackup.Cli.Tests.Crash;

/// <summary>
/// Two `rrbackup` writers with separate caches (separate configuration files and base folders, one
/// store) each commit 50 times at once. The history must stay one linear chain (list_versions, and the
/// chain of diffs parsed from the store's bytes, with no diff left outside it), every exit code must be
/// 0 or 10 (conflict), and every commit that exited 0 must be in the chain with exactly the tree its
/// writer had when it committed (its manifest folded from the stored diffs against the tree's hashes for
/// every version; downloads compared byte for byte for a sample). Afterwards, once each writer has
/// committed again on its own, no unreferenced object version and no gc log remains.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class ConcurrentProcessTests
{
    private const int CommitsPerWriter = 50;
    private static readonly UTF8Encoding Utf8 = new(false);

    [Test]
    public async Task Two_writer_processes_on_one_local_store_keep_one_chain_holding_every_acknowledged_commit()
    {
        using var sandbox = new CliSandbox();
        await RaceAsync(sandbox.Root, _ => "[local]\npath: ../store\n", new LocalRawRemote(sandbox.StorePath));
    }

    [Test]
    public async Task Two_writer_processes_on_one_bucket_keep_one_chain_holding_every_acknowledged_commit()
    {
        using var server = CrashS3.FromEnvironment();
        var bucket = await server.CreateBucketAsync("race");
        try
        {
            using var sandbox = new CliSandbox();
            await RaceAsync(sandbox.Root, _ => server.Section(bucket), new S3RawRemote(server, bucket));
        }
        finally
        {
            await server.DeleteBucketAsync(bucket);
        }
    }

    private sealed record Acknowledged(int Writer, int Commit, string VersionId, long Sequence, SortedDictionary<string, FileState> Tree);

    private static async Task RaceAsync(string root, Func<string, string> storeSection, IRawRemote remote)
    {
        var clock = Stopwatch.StartNew();
        var writers = Enumerable.Range(0, 2).Select(w => Prepare(root, $"writer-{w}", storeSection)).ToList();
        var reader = Prepare(root, "reader", storeSection);
        var acknowledged = new ConcurrentBag<Acknowledged>();
        var exitCodes = new ConcurrentBag<(int Writer, int Commit, int ExitCode, string Output)>();
        var retries = 0;

        // The store is prepared first (a commit of an empty folder makes no version), so that the writers race on commits, not on creating the store.
        var first = ChildProcess.Run(writers[0], ["commit"]);
        Assert.That(first.ExitCode, Is.EqualTo(0), first.ToString());
        Assert.That(first.StandardOutput, Does.Contain("No changes"), first.ToString());

        await Task.WhenAll(writers.Select((folder, w) => Task.Run(() =>
        {
            var random = new Random(1000 + w);
            for (var i = 0; i < CommitsPerWriter; i++)
            {
                var basePath = Path.Combine(folder, "base");
                WriteText(basePath, $"/w{w}/state.txt", $"writer {w}, commit {i}\n");
                var bytes = new byte[random.Next(1, 20_000)];
                random.NextBytes(bytes);
                WriteBytes(basePath, $"/w{w}/rotating-{i % 4}.bin", bytes);
                if (i % 10 == 9)
                {
                    File.Delete(Path.Combine(basePath, $"w{w}", $"rotating-{(i + 1) % 4}.bin"));
                }

                var tree = TreeSnapshot.Capture(basePath);
                var result = ChildProcess.Run(folder, ["commit", "-m", $"writer {w} commit {i}"], TimeSpan.FromSeconds(120));
                exitCodes.Add((w, i, result.ExitCode, result.ToString()));
                Interlocked.Add(ref retries, Regex.Matches(result.StandardError, "RRB3003").Count);
                if (result.ExitCode == 0)
                {
                    var match = CommittedPattern().Match(result.StandardOutput);
                    Assert.That(match.Success, Is.True, result.ToString());
                    acknowledged.Add(new Acknowledged(w, i, match.Groups[1].Value, long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), tree));
                }
            }
        })));
        var raced = clock.Elapsed;

        var unexpected = exitCodes.Where(e => e.ExitCode is not (0 or 10)).ToList();
        Assert.That(unexpected.Select(e => e.Output), Is.Empty, "every exit code is 0 or 10 (conflict)");
        var conflicts = exitCodes.Count(e => e.ExitCode == 10);

        // One linear chain: list_versions, and the diffs read from the store.
        var listing = ChildProcess.Run(reader, ["list_versions"]);
        Assert.That(listing.ExitCode, Is.EqualTo(0), listing.ToString());
        var listed = listing.OutputLines.Select(l => VersionLine.Parse(l).VersionId).ToList();
        var audit = await RemoteAudit.RunAsync(remote);
        Assert.That(audit.Chain.Select(d => d.VersionId), Is.EqualTo(listed), "list_versions is the chain of diffs in the store");
        Assert.That(audit.Losers.Select(l => $"{l.VersionId} (parent {l.Parent}, sequence {l.Sequence})"), Is.Empty,
            "every diff that lost a race was removed by its writer");
        Assert.That(listed, Has.Count.EqualTo(acknowledged.Count), "every version is a commit that exited 0, and every commit that exited 0 made one");
        foreach (var ack in acknowledged)
        {
            var position = listed.IndexOf(ack.VersionId);
            Assert.That(position, Is.GreaterThanOrEqualTo(0), $"writer {ack.Writer} commit {ack.Commit}: acknowledged version {ack.VersionId} is not in the history");
            Assert.That(ack.Sequence, Is.EqualTo(position + 1), $"writer {ack.Writer} commit {ack.Commit}: acknowledged as #{ack.Sequence}");
        }

        foreach (var w in Enumerable.Range(0, 2))
        {
            var own = acknowledged.Where(a => a.Writer == w).OrderBy(a => a.Commit).Select(a => listed.IndexOf(a.VersionId)).ToList();
            Assert.That(own, Is.Ordered, $"writer {w}'s acknowledged commits are in the history in the order it made them");
        }

        // Every acknowledged commit holds exactly its writer's tree of that moment. Every version's manifest is folded
        // from the diffs as stored and compared with the tree (paths, sizes, SHA-256 of the bytes); every fifth
        // version is downloaded through the engine in this process and every tenth through rrbackup, byte for byte,
        // and verify --read-data checks the latest version's objects against their hashes. (A download per version
        // through rrbackup costs over a second each on S3: a process, and a fold of every diff before the version.)
        var manifests = RawDiff.FoldEach(audit.Chain);
        var ordered = acknowledged.OrderBy(a => listed.IndexOf(a.VersionId)).ToList();
        foreach (var ack in ordered)
        {
            var what = $"version {ack.VersionId} (#{ack.Sequence}, writer {ack.Writer} commit {ack.Commit})";
            var stored = manifests[ack.VersionId].ToDictionary(m => m.Key, m => (m.Value.Size, m.Value.Sha256), StringComparer.Ordinal);
            var expected = ack.Tree.ToDictionary(t => t.Key, t => ((long?)t.Value.Content.Length, (string?)Convert.ToHexStringLower(SHA256.HashData(t.Value.Content))), StringComparer.Ordinal);
            Assert.That(stored, Is.EquivalentTo(expected), $"{what}: its manifest, folded from the stored diffs");
        }

        await using (var engine = BackupEngine.Open(ConfigurationLoader.Load(Path.Combine(reader, "configuration.ini"))))
        {
            foreach (var ack in ordered.Where((_, i) => i % 5 == 4))
            {
                var target = Path.Combine(root, "restore", "engine-" + ack.Sequence);
                await engine.DownloadAsync(ack.VersionId, target, DownloadOptions.Everything);
                TreeSnapshot.AssertFolderHolds(target, ack.Tree, $"version {ack.VersionId} (writer {ack.Writer} commit {ack.Commit}), downloaded by the engine");
                Directory.Delete(target, recursive: true);
            }
        }

        foreach (var ack in ordered.Where((_, i) => i % 10 == 0))
        {
            var target = Path.Combine(root, "restore", "cli-" + ack.Sequence);
            // '--': S3 version ids may start with '-' (see VersionArgumentTests).
            var download = ChildProcess.Run(reader, ["download", "--", ack.VersionId, target]);
            Assert.That(download.ExitCode, Is.EqualTo(0), download.ToString());
            TreeSnapshot.AssertFolderHolds(target, ack.Tree, $"version {ack.VersionId} (writer {ack.Writer} commit {ack.Commit}), downloaded by rrbackup");
            Directory.Delete(target, recursive: true);
        }

        var verify = ChildProcess.Run(reader, ["verify", "--read-data"]);
        Assert.That(verify.ExitCode, Is.EqualTo(0), verify.ToString());

        // Each writer commits once more on its own: it cleans what its lost races and conflicts left, and nothing is left over.
        foreach (var folder in writers)
        {
            var last = ChildProcess.Run(folder, ["commit", "-m", "alone"], TimeSpan.FromSeconds(120));
            Assert.That(last.ExitCode, Is.EqualTo(0), last.ToString());
        }

        var after = await RemoteAudit.RunAsync(remote);
        after.AssertClean("after each writer committed once more alone");
        Assert.That(after.Losers, Is.Empty);

        TestContext.Out.WriteLine(
            $"{remote.Name}: {exitCodes.Count} commits raced ({CommitsPerWriter} per writer, {raced.TotalSeconds:0} s): {acknowledged.Count} acknowledged, " +
            $"{conflicts} gave up with exit code 10, {retries} lost race(s) retried on the new head; {listed.Count} versions in one chain; " +
            $"checked in {clock.Elapsed.TotalSeconds:0} s");
    }

    /// <summary>A writer's (or the reader's) folder: configuration.ini, base/ and cache/ of its own, the store shared.</summary>
    private static string Prepare(string root, string name, Func<string, string> storeSection)
    {
        var folder = Path.Combine(root, name);
        Directory.CreateDirectory(Path.Combine(folder, "base"));
        File.WriteAllText(Path.Combine(folder, "configuration.ini"),
            "[main]\nbase_path: base\nlocal_manifest_file: cache/manifest.json\ncrypt_password:\ncommit_locked: False\n\n" + storeSection(name), Utf8);
        return folder;
    }

    private static void WriteText(string basePath, string path, string text) => WriteBytes(basePath, path, Utf8.GetBytes(text));

    private static void WriteBytes(string basePath, string path, byte[] bytes)
    {
        var full = CliSandbox.Under(basePath, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
    }

    [GeneratedRegex(@"Committed version (\S+) \(#(\d+)\)")]
    private static partial Regex CommittedPattern();
}
