using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using RRBackup.Engine.Commit;
using RRBackup.Engine.Configuration;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Restore;
using RRBackup.Engine.Storage;
using RRBackup.Engine.Storage.Decorators;
using RRBackup.Engine.Storage.Local;
using RRBackup.Engine.Storage.S3;

namespace RRBackup.Engine.Tests.Crash;

/// <summary>
/// Sweeps a fault over every store operation of a multi-file commit (version 2 on top of version 1:
/// adds, changes, a touch, a delete, a rename, a duplicate and a shared new object), in every way a
/// store can fail. After each fault, read through a plain store:
/// (a) the remote shows exactly version 1 or exactly the full version 2, never a mix;
/// (b) the next commit succeeds, and then the latest version is the tree on disk;
/// (c) no unreferenced version of a file object, no gc log and no garbage log remains.
/// The same sweep runs over garbage_collect cleaning up after an interrupted commit (the operations a
/// commit never makes, such as listing keys, are swept there).
/// </summary>
/// <remarks>
/// Each case starts from a fresh store (its own folder, or its own bucket) and a fresh client. The
/// operations are counted once per scenario by a clean run; then, on the local store, every k in 1..N
/// fails in each <see cref="StoreFault"/> mode (<see cref="StoreFault.ShortWrite"/> only where it differs
/// from <see cref="StoreFault.Throw"/>: puts, gets and key listings). On S3 (when RRBACKUP_S3_* are set)
/// each request costs tens of milliseconds, so the sweep is sampled: every k once, the mode rotating with
/// k, and every mode on the first operation of each kind, so every operation kind sees every mode.
/// Cases run two (local) or three (S3) at once.
/// </remarks>
[TestFixture]
[NonParallelizable]
public sealed class FaultSweepTests
{
    private static readonly DateTime Past = new(2024, 2, 3, 4, 5, 6, DateTimeKind.Utc);
    private static int s_faultsInjected;
    private static int s_casesRun;

    /// <summary>What the store and the client look like when commit 2 starts.</summary>
    public enum Scenario
    {
        /// <summary>The local cache is at version 1: no diff is read.</summary>
        CacheUpToDate,

        /// <summary>The local cache is gone: the history is rebuilt from the remote diffs.</summary>
        CacheLost,

        /// <summary>An earlier try at commit 2 failed at its flush: its gc log and uploads are left for recovery.</summary>
        AfterInterruptedCommit,

        /// <summary>Encrypted and compressed: metadata and files are chunked and sealed, the key objects are read.</summary>
        Encrypted,

        /// <summary>
        /// As <see cref="AfterInterruptedCommit"/>, but the operation under fault is garbage_collect (not dry-run)
        /// rather than commit 2: it must never touch version 1, and the next commit still makes version 2.
        /// </summary>
        GarbageCollect,
    }

    [OneTimeTearDown]
    public void ReportTotals() =>
        TestContext.Out.WriteLine($"FaultSweepTests: {s_faultsInjected} faults injected in {s_casesRun} cases");

    [Test]
    public async Task Every_store_fault_on_the_local_store_leaves_one_whole_version_and_no_garbage([Values] Scenario scenario)
    {
        await using var backend = new LocalBackend();
        await SweepAsync(backend, scenario, everyModeOnEveryOperation: true);
    }

    /// <remarks>CacheLost is left out on S3: what it adds (gets of diffs) AfterInterruptedCommit also covers, and S3 cases are slow.</remarks>
    [TestCase(Scenario.CacheUpToDate)]
    [TestCase(Scenario.AfterInterruptedCommit)]
    [TestCase(Scenario.Encrypted)]
    [TestCase(Scenario.GarbageCollect)]
    public async Task Every_store_fault_on_S3_leaves_one_whole_version_and_no_garbage(Scenario scenario)
    {
        await using var backend = new S3Backend(S3Buckets.FromEnvironment());
        await SweepAsync(backend, scenario, everyModeOnEveryOperation: false);
    }

    private static async Task SweepAsync(Backend backend, Scenario scenario, bool everyModeOnEveryOperation)
    {
        var clock = Stopwatch.StartNew();
        var clean = await RunCaseAsync(backend, scenario, 0, StoreFault.Throw);
        Assert.That(clean.Problems, Is.Empty, "the clean run itself:" + Environment.NewLine + string.Join(Environment.NewLine, clean.Problems));
        var operations = clean.Operations.ToList();
        var n = operations.Count;
        TestContext.Out.WriteLine($"{backend.Name}, {scenario}: a clean {(scenario == Scenario.GarbageCollect ? "garbage_collect" : "commit 2")} makes {n} store operations:");
        for (var i = 0; i < n; i++)
        {
            TestContext.Out.WriteLine($"  {i + 1,3}. {operations[i].Kind} {operations[i].Key}");
        }

        var kinds = operations.Select(o => o.Kind).Distinct().ToList();
        Assert.That(kinds, scenario == Scenario.GarbageCollect
            ? Does.Contain(StoreOperationKind.ListKeys).And.Contain(StoreOperationKind.ListVersions).And.Contain(StoreOperationKind.DeleteVersion)
            : Does.Contain(StoreOperationKind.Put).And.Contain(StoreOperationKind.Flush).And.Contain(StoreOperationKind.ListVersions)
                .And.Contain(StoreOperationKind.DeleteVersion).And.Contain(StoreOperationKind.Prepare));

        var cases = PlanCases(operations, everyModeOnEveryOperation);
        var outcomes = new List<(int K, StoreFault Fault, CaseOutcome Outcome)>();
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = backend.CasesAtOnce }, async (c, _) =>
        {
            var outcome = await RunCaseAsync(backend, scenario, c.K, c.Fault);
            lock (outcomes)
            {
                outcomes.Add((c.K, c.Fault, outcome));
            }
        });

        var problems = new List<string>();
        var injected = 0;
        var summary = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (k, fault, outcome) in outcomes.OrderBy(o => o.K).ThenBy(o => o.Fault))
        {
            Interlocked.Increment(ref s_casesRun);
            if (outcome.Injected is { } operation)
            {
                injected++;
                Interlocked.Increment(ref s_faultsInjected);
                var label = $"{fault} at {operation.Kind}: {outcome.Outcome}";
                summary[label] = summary.GetValueOrDefault(label) + 1;
            }
            else
            {
                problems.Add($"k={k} {fault}: no fault was injected (the commit made only {outcome.Operations.Count} operations)");
            }

            problems.AddRange(outcome.Problems.Select(p => $"k={k} {fault} ({outcome.Injected?.Kind} '{outcome.Injected?.Key}'): {p}"));
        }

        TestContext.Out.WriteLine($"{backend.Name}, {scenario}: {injected} faults injected over {n} operations and {Enum.GetValues<StoreFault>().Length} modes " +
                                  $"({cases.Count} cases) in {clock.Elapsed.TotalSeconds:0.0} s; kinds covered: {string.Join(", ", kinds)}");
        foreach (var (label, count) in summary)
        {
            TestContext.Out.WriteLine($"  {count,3} x {label}");
        }

        Assert.That(problems, Is.Empty, $"{problems.Count} problem(s):{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }

    /// <summary>
    /// Which (k, fault) cases to run: every k in every mode, or (a sample, for slow stores) every k once with the
    /// mode rotating, plus the first operation of each kind in every mode. <see cref="StoreFault.ShortWrite"/> is
    /// left out where it is defined as <see cref="StoreFault.Throw"/> (operations that transfer nothing).
    /// </summary>
    private static List<(int K, StoreFault Fault)> PlanCases(IReadOnlyList<StoreOperation> operations, bool everyModeOnEveryOperation)
    {
        static bool Distinct(StoreOperationKind kind, StoreFault fault) =>
            fault != StoreFault.ShortWrite || kind is StoreOperationKind.Put or StoreOperationKind.Get or StoreOperationKind.ListKeys;

        var modes = Enum.GetValues<StoreFault>();
        var cases = new SortedSet<(int K, StoreFault Fault)>();
        for (var k = 1; k <= operations.Count; k++)
        {
            var kind = operations[k - 1].Kind;
            var firstOfItsKind = operations.Select(o => o.Kind).ToList().IndexOf(kind) == k - 1;
            var applicable = modes.Where(m => Distinct(kind, m)).ToList();
            if (everyModeOnEveryOperation || firstOfItsKind)
            {
                cases.UnionWith(applicable.Select(m => (k, m)));
            }
            else
            {
                cases.Add((k, applicable[k % applicable.Count]));
            }
        }

        return [.. cases];
    }

    private sealed record CaseOutcome(IReadOnlyList<StoreOperation> Operations, StoreOperation? Injected, string Outcome, List<string> Problems);

    /// <summary>One case: version 1, then commit 2 with operation <paramref name="failAt"/> failing (0: none), then the three checks.</summary>
    private static async Task<CaseOutcome> RunCaseAsync(Backend backend, Scenario scenario, int failAt, StoreFault fault)
    {
        using var fixture = new BackupFixture(scenario == Scenario.Encrypted ? "crypt_password: sweep password" : "");
        var location = await backend.CreateAsync();
        try
        {
            fixture.Adjust = c => backend.Configure(c with { Kdf = new Engine.Crypto.KdfParameters(1024, 1, 1) }, location, fixture);
            var config = fixture.Adjust(fixture.LoadConfiguration());
            var problems = new List<string>();

            var version1 = WriteVersion1(fixture);
            await using (var engine = new BackupEngine(config, backend.Open(config), fixture.Log))
            {
                await engine.CommitAsync(new CommitOptions { Message = "version 1" });
            }

            var version2 = WriteVersion2(fixture, version1);
            if (scenario is Scenario.AfterInterruptedCommit or Scenario.GarbageCollect)
            {
                await InterruptAtFlushAsync(backend, config, fixture);
            }

            if (scenario == Scenario.CacheLost)
            {
                File.Delete(fixture.CacheFile);
            }

            // Commit 2, with the fault.
            var faulty = new FaultInjectingStore(backend.Open(config)) { FailAt = failAt, Fault = fault, TimeoutDelay = TimeSpan.FromMilliseconds(20) };
            string outcome;
            string? acknowledged = null;
            try
            {
                await using var engine = new BackupEngine(config, faulty, fixture.Log);
                if (scenario == Scenario.GarbageCollect)
                {
                    var collected = await engine.GarbageCollectAsync(dryRun: false);
                    outcome = $"succeeded ({collected.Unreferenced.Count} deleted)";
                }
                else
                {
                    var result = await engine.CommitAsync(new CommitOptions { Message = "version 2" });
                    acknowledged = result.VersionId;
                    outcome = result.NoChange ? "succeeded without a change" : "succeeded";
                    if (result.NoChange)
                    {
                        problems.Add("commit 2 saw no change");
                    }
                }
            }
            catch (RRBackupException e)
            {
                outcome = $"failed {e.Code} ({e.Kind})";
            }
            catch (Exception e)
            {
                outcome = $"failed with {e.GetType().Name}";
                problems.Add($"commit 2 failed with {e.GetType().Name}, not an RRBackupException: {e.Message}");
            }

            var operations = faulty.Operations;
            var injected = faulty.Injected;

            // (a) exactly version 1 or exactly the whole version 2.
            await using (var reader = backend.Reader(config, fixture, "reader-a"))
            {
                var versions = await reader.ListVersionsAsync();
                if (versions.Count is not (1 or 2) || (scenario == Scenario.GarbageCollect && versions.Count != 1))
                {
                    problems.Add($"(a) the remote shows {versions.Count} versions after the fault; expected {(scenario == Scenario.GarbageCollect ? "1" : "1 or 2")}");
                }
                else
                {
                    var expected = versions.Count == 1 ? version1 : version2;
                    problems.AddRange(await CompareVersionAsync(reader, "latest", expected, fixture, $"(a) after the fault, version {versions.Count}"));
                    if (versions.Count == 2)
                    {
                        problems.AddRange(await CompareVersionAsync(reader, versions[0].VersionId, version1, fixture, "(a) after the fault, version 1"));
                    }

                    if (acknowledged is not null && versions[^1].VersionId != acknowledged)
                    {
                        problems.Add($"(a) commit 2 was acknowledged as '{acknowledged}', but the latest version is '{versions[^1].VersionId}'");
                    }
                }
            }

            // (b) the next commit, through a plain store, succeeds and leaves the tree on disk as the latest version.
            try
            {
                await using var engine = new BackupEngine(config, backend.Open(config), fixture.Log);
                await engine.CommitAsync(new CommitOptions { Message = "after the fault" });
            }
            catch (Exception e)
            {
                problems.Add($"(b) the next commit failed: {e.GetType().Name}: {e.Message}");
            }

            await using (var reader = backend.Reader(config, fixture, "reader-b"))
            {
                var versions = await reader.ListVersionsAsync();
                if (versions.Count != 2)
                {
                    problems.Add($"(b) after the next commit the remote shows {versions.Count} versions; expected 2");
                }

                problems.AddRange(await CompareVersionAsync(reader, "latest", version2, fixture, "(b) after the next commit, the latest version"));

                // (c) nothing unreferenced is left.
                await using var store = backend.Open(config);
                problems.AddRange(await FindGarbageAsync(reader, store, config, backend));
            }

            return new CaseOutcome(operations, injected, outcome, problems);
        }
        finally
        {
            await backend.DestroyAsync(location);
        }
    }

    /// <summary>A first try at commit 2 that fails at its durability barrier, after every upload: it leaves its gc log and uploads.</summary>
    private static async Task InterruptAtFlushAsync(Backend backend, BackupConfiguration config, BackupFixture fixture)
    {
        await using var engine = new BackupEngine(config, new FlushFailingStore(backend.Open(config)), fixture.Log);
        await Assert.ThrowsAsync<RRBackupException>(() => engine.CommitAsync(new CommitOptions { Message = "interrupted" }));
        await using var store = backend.Open(config);
        Assert.That(await store.ListVersionsAsync(config.Names.GcLog, CancellationToken.None), Has.Count.EqualTo(1), "the interrupted commit left its gc log");
    }

    private static Dictionary<string, byte[]> WriteVersion1(BackupFixture fixture)
    {
        var tree = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["/docs/readme.md"] = Text("readme, first edition\n", 40),
            ["/docs/guide.md"] = Text("a guide that only gets touched\n", 25),
            ["/data/blob.bin"] = Random(1, 200_000),
            ["/data/small.bin"] = Random(2, 3_000),
            ["/old/name.txt"] = Text("a file that moves\n", 10),
            ["/gone.txt"] = Text("a file that is deleted\n", 10),
            ["/empty.txt"] = [],
        };
        var minute = 0;
        foreach (var (path, content) in tree)
        {
            Write(fixture, path, content, Past.AddMinutes(minute++));
        }

        return tree;
    }

    private static Dictionary<string, byte[]> WriteVersion2(BackupFixture fixture, Dictionary<string, byte[]> version1)
    {
        var tree = new Dictionary<string, byte[]>(version1, StringComparer.Ordinal);
        var later = Past.AddDays(1);
        void Put(string path, byte[] content, int minute)
        {
            tree[path] = content;
            Write(fixture, path, content, later.AddMinutes(minute));
        }

        Put("/docs/readme.md", Text("readme, second edition\n", 50), 1);
        Put("/data/blob.bin", Random(3, 150_000), 2);
        Put("/new/one.txt", Text("a new file\n", 7), 3);
        Put("/new/two.bin", Random(4, 40_000), 4);
        Put("/new/copy-of-small.bin", version1["/data/small.bin"], 5);
        Put("/new/twin-a.txt", Text("two new files with the same contents\n", 9), 6);
        Put("/new/twin-b.txt", Text("two new files with the same contents\n", 9), 7);
        File.SetLastWriteTimeUtc(Path.Combine(fixture.BasePath, "docs/guide.md"), later.AddMinutes(8));
        fixture.Delete("gone.txt");
        tree.Remove("/gone.txt");
        fixture.Move("old/name.txt", "renamed/name.txt");
        tree["/renamed/name.txt"] = tree["/old/name.txt"];
        tree.Remove("/old/name.txt");
        return tree;
    }

    /// <summary>Compares list_files (paths, sizes, hashes) and a download (bytes) of a version with a tree.</summary>
    private static async Task<List<string>> CompareVersionAsync(BackupEngine reader, string selector, Dictionary<string, byte[]> expected, BackupFixture fixture, string what)
    {
        var problems = new List<string>();
        try
        {
            var listed = (await reader.ListFilesAsync(selector)).Files.ToDictionary(f => f.Path, f => (f.Size, f.Sha256), StringComparer.Ordinal);
            var wanted = expected.ToDictionary(e => e.Key, e => ((long)e.Value.Length, Convert.ToHexStringLower(SHA256.HashData(e.Value))), StringComparer.Ordinal);
            var missing = wanted.Keys.Except(listed.Keys).ToList();
            var extra = listed.Keys.Except(wanted.Keys).ToList();
            var differing = wanted.Keys.Intersect(listed.Keys).Where(p => listed[p] != wanted[p]).ToList();
            if (missing.Count + extra.Count + differing.Count > 0)
            {
                problems.Add($"{what}: list_files differs: missing [{string.Join(", ", missing)}], extra [{string.Join(", ", extra)}], different [{string.Join(", ", differing)}]");
            }

            var target = fixture.NewFolder("restore-" + Guid.NewGuid().ToString("N"));
            await reader.DownloadAsync(selector, target, DownloadOptions.Everything);
            var restored = Directory.EnumerateFiles(target, "*", SearchOption.AllDirectories)
                .ToDictionary(f => "/" + Path.GetRelativePath(target, f).Replace(Path.DirectorySeparatorChar, '/'), File.ReadAllBytes, StringComparer.Ordinal);
            if (!restored.Keys.Order(StringComparer.Ordinal).SequenceEqual(expected.Keys.Order(StringComparer.Ordinal))
                || restored.Any(r => !r.Value.AsSpan().SequenceEqual(expected[r.Key])))
            {
                problems.Add($"{what}: the download differs from the expected tree: got [{string.Join(", ", restored.Keys.Order(StringComparer.Ordinal))}]");
            }

            Directory.Delete(target, recursive: true);
        }
        catch (Exception e)
        {
            problems.Add($"{what}: reading it failed: {e.GetType().Name}: {e.Message}");
        }

        return problems;
    }

    /// <summary>
    /// Every version of every files/ key must be referenced by some version's manifest (and every reference
    /// must exist); no gc log and no garbage log may remain; the local store's tmp/ must be empty.
    /// </summary>
    private static async Task<List<string>> FindGarbageAsync(BackupEngine reader, IVersionedObjectStore store, BackupConfiguration config, Backend backend)
    {
        var problems = new List<string>();
        var referenced = new HashSet<(string, string)>();
        foreach (var version in await reader.ListVersionsAsync())
        {
            foreach (var file in (await reader.ListFilesAsync(version.VersionId)).Files)
            {
                if (file.ObjectKey is { } key && file.ObjectVersion is { } id)
                {
                    referenced.Add((key, id));
                }
            }
        }

        var stored = new HashSet<(string, string)>();
        await foreach (var key in store.ListKeysAsync(RemoteNames.FilePrefix, CancellationToken.None))
        {
            foreach (var version in await store.ListVersionsAsync(key, CancellationToken.None))
            {
                stored.Add((key, version.VersionId));
            }
        }

        var unreferenced = stored.Except(referenced).ToList();
        var lost = referenced.Except(stored).ToList();
        if (unreferenced.Count > 0)
        {
            problems.Add($"(c) {unreferenced.Count} unreferenced object version(s) remain: {string.Join(", ", unreferenced.Select(u => $"{u.Item1}@{u.Item2}"))}");
        }

        if (lost.Count > 0)
        {
            problems.Add($"(c) {lost.Count} referenced object version(s) are missing: {string.Join(", ", lost.Select(u => $"{u.Item1}@{u.Item2}"))}");
        }

        foreach (var metadata in new[] { config.Names.GcLog, config.Names.GarbageLog })
        {
            var left = await store.ListVersionsAsync(metadata, CancellationToken.None);
            if (left.Count > 0)
            {
                problems.Add($"(c) {left.Count} version(s) of '{metadata}' remain: {string.Join(", ", left.Select(v => v.VersionId))}");
            }
        }

        var diffs = await store.ListVersionsAsync(config.Names.ManifestDiffs, CancellationToken.None);
        var history = await reader.ListVersionsAsync();
        if (diffs.Count != history.Count)
        {
            problems.Add($"(c) '{config.Names.ManifestDiffs}' has {diffs.Count} versions but the history {history.Count}: a diff outside the history remains");
        }

        problems.AddRange(backend.LeftoverTemporaryFiles(config));
        return problems;
    }

    private static byte[] Text(string line, int repeat) => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(line, repeat)));

    private static byte[] Random(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static void Write(BackupFixture fixture, string path, byte[] content, DateTime modifiedUtc)
    {
        var full = Path.Combine(fixture.BasePath, path.TrimStart('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
        File.SetLastWriteTimeUtc(full, modifiedUtc);
    }

    /// <summary>Where the stores of the cases live: a folder per fixture, or a bucket per case.</summary>
    private abstract class Backend : IAsyncDisposable
    {
        public abstract string Name { get; }

        /// <summary>A fresh, empty store; returns what names it (null for the fixture's own folder).</summary>
        public abstract Task<string?> CreateAsync();

        public abstract BackupConfiguration Configure(BackupConfiguration config, string? location, BackupFixture fixture);

        public abstract IVersionedObjectStore Open(BackupConfiguration config);

        public abstract Task DestroyAsync(string? location);

        public virtual IEnumerable<string> LeftoverTemporaryFiles(BackupConfiguration config) => [];

        /// <summary>How many cases may run side by side: each has its own fixture and store.</summary>
        public virtual int CasesAtOnce => 1;

        /// <summary>An engine with a cache of its own on a plain store: what a second machine would see.</summary>
        public BackupEngine Reader(BackupConfiguration config, BackupFixture fixture, string name) =>
            new(config with { LocalManifestFile = Path.Combine(fixture.Root, name, Guid.NewGuid().ToString("N"), "manifest.json") }, Open(config));

        public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class LocalBackend : Backend
    {
        public override string Name => "local store";

        public override Task<string?> CreateAsync() => Task.FromResult<string?>(null);

        public override BackupConfiguration Configure(BackupConfiguration config, string? location, BackupFixture fixture) => config;

        public override IVersionedObjectStore Open(BackupConfiguration config) => new LocalObjectStore(((LocalStoreSettings)config.Store).Path);

        public override Task DestroyAsync(string? location) => Task.CompletedTask;

        /// <summary>Cases spend most of their time waiting for fsync; two at once overlap the waits.</summary>
        public override int CasesAtOnce => 2;

        public override IEnumerable<string> LeftoverTemporaryFiles(BackupConfiguration config)
        {
            var tmp = Path.Combine(((LocalStoreSettings)config.Store).Path, "tmp");
            // A new key's first version is written in a temporary folder, so folders count too.
            var left = Directory.Exists(tmp) ? Directory.GetFileSystemEntries(tmp) : [];
            return left.Length == 0 ? [] : [$"(c) {left.Length} temporary file(s) or folder(s) remain in '{tmp}'"];
        }
    }

    private sealed class S3Backend(S3Buckets server) : Backend
    {
        public override string Name => "S3";

        public override int CasesAtOnce => 3;

        public override async Task<string?> CreateAsync() => await server.CreateAsync("sweep");

        public override BackupConfiguration Configure(BackupConfiguration config, string? location, BackupFixture fixture) =>
            config with { Store = server.Settings(location!) with { SourceFile = config.ConfigFile } };

        public override IVersionedObjectStore Open(BackupConfiguration config) => new S3ObjectStore((S3StoreSettings)config.Store);

        public override Task DestroyAsync(string? location) => server.DestroyAsync(location!);

        public override ValueTask DisposeAsync()
        {
            server.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Passes everything through but fails every flush, as a crash at the durability barrier would end a commit.</summary>
    private sealed class FlushFailingStore(IVersionedObjectStore inner) : IVersionedObjectStore
    {
        public string Description => inner.Description;

        public int PreferredConcurrency => inner.PreferredConcurrency;

        public Task PrepareAsync(CancellationToken cancellationToken) => inner.PrepareAsync(cancellationToken);

        public Task<string> PutAsync(string key, Stream content, PutDurability durability, CancellationToken cancellationToken) =>
            inner.PutAsync(key, content, durability, cancellationToken);

        public Task<Stream> GetAsync(string key, string? versionId, CancellationToken cancellationToken) => inner.GetAsync(key, versionId, cancellationToken);

        public Task<IReadOnlyList<ObjectVersion>> ListVersionsAsync(string key, CancellationToken cancellationToken) => inner.ListVersionsAsync(key, cancellationToken);

        public IAsyncEnumerable<string> ListKeysAsync(string prefix, CancellationToken cancellationToken) => inner.ListKeysAsync(prefix, cancellationToken);

        public Task DeleteVersionAsync(string key, string versionId, CancellationToken cancellationToken) => inner.DeleteVersionAsync(key, versionId, cancellationToken);

        public Task<string> PutDeleteMarkerAsync(string key, CancellationToken cancellationToken) => inner.PutDeleteMarkerAsync(key, cancellationToken);

        public Task FlushAsync(CancellationToken cancellationToken) =>
            throw new RRBackupException(ErrorCodes.StoreFailure, ErrorKind.Store, $"{inner.Description}: flush failed (the commit is interrupted here on purpose)");

        public Task AbortUnfinishedUploadsAsync(string key, CancellationToken cancellationToken) => inner.AbortUnfinishedUploadsAsync(key, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
