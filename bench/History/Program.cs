using System.Diagnostics;
using RRBackup.Engine;
using RRBackup.Engine.Commit;
using RRBackup.Engine.Configuration;
using RRBackup.Engine.Restore;
using RRBackup.Engine.Storage.Decorators;
using RRBackup.Engine.Storage.Local;

// bench-history WORK [--commits N] [--files N]
//
// The history scenario: N commits (default 1,000) of a tiny tree with one file changed per commit, in
// process, into the local store WORK/store; then, each time with no local cache (a fresh machine), the
// store calls that list_versions and download latest make, counted by the engine's CountingObjectStore.
// Writes WORK/history.ini so that the caller can time the same commands through the rrbackup CLI.

var positional = new List<string>();
var commits = 1000;
var fileCount = 10;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--commits": commits = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--files": fileCount = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        default: positional.Add(args[i]); break;
    }
}

if (positional.Count != 1)
{
    Console.Error.WriteLine("usage: bench-history WORK [--commits N] [--files N]");
    return 2;
}

var work = Path.GetFullPath(positional[0]);
var tree = Path.Combine(work, "tree");
var store = Path.Combine(work, "store");
var cache = Path.Combine(work, "cache", "manifest.json");
var configFile = Path.Combine(work, "history.ini");
Directory.CreateDirectory(tree);
File.WriteAllText(configFile, $"""
    [main]
    base_path: {tree}
    local_manifest_file: {cache}

    [local]
    path: {store}
    """);
var config = ConfigurationLoader.Load(configFile);
var baseTime = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

for (var f = 0; f < fileCount; f++)
{
    var path = Path.Combine(tree, $"file-{f:D2}.txt");
    File.WriteAllText(path, $"file {f}, initial contents\n");
    File.SetLastWriteTimeUtc(path, baseTime);
}

var timings = new List<double>(commits);
await using (var engine = BackupEngine.Open(config))
{
    var total = Stopwatch.StartNew();
    for (var i = 1; i <= commits; i++)
    {
        // One file changes per commit, with a new size-independent mtime so no scan can miss it.
        var path = Path.Combine(tree, $"file-{i % fileCount:D2}.txt");
        File.WriteAllText(path, $"file {i % fileCount}, changed by commit {i}\n");
        File.SetLastWriteTimeUtc(path, baseTime.AddSeconds(i));
        var clock = Stopwatch.StartNew();
        var result = await engine.CommitAsync(new CommitOptions { Message = $"commit {i}" });
        timings.Add(clock.Elapsed.TotalMilliseconds);
        if (result.NoChange)
        {
            Console.Error.WriteLine($"commit {i} made no version");
            return 1;
        }

        if (i % 100 == 0 || i == commits)
        {
            Console.WriteLine($"history: {i} commits, the last {Math.Min(100, i)} at {timings.TakeLast(100).Average():F1} ms each on average ({total.Elapsed.TotalSeconds:F1} s in all)");
        }
    }
}

Console.WriteLine($"history: commit time, median of the first {Math.Min(100, commits)}: {Median(timings.Take(100)):F1} ms; of the last {Math.Min(100, commits)}: {Median(timings.TakeLast(100)):F1} ms");

await Measure("list_versions", async engine =>
{
    var versions = await engine.ListVersionsAsync();
    return $"{versions.Count} versions";
});

var target = Path.Combine(work, "restored");
await Measure("download latest", async engine =>
{
    if (Directory.Exists(target))
    {
        Directory.Delete(target, true);
    }

    var result = await engine.DownloadAsync("latest", target, DownloadOptions.Everything);
    return $"{result.Files.Count} files";
});
return 0;

async Task Measure(string what, Func<BackupEngine, Task<string>> action)
{
    // A fresh machine: no cache file (nor its folder).
    var cacheFolder = Path.GetDirectoryName(cache)!;
    if (Directory.Exists(cacheFolder))
    {
        Directory.Delete(cacheFolder, true);
    }

    var counting = new CountingObjectStore(new LocalObjectStore(store));
    await using var engine = new BackupEngine(config, counting);
    var clock = Stopwatch.StartNew();
    var outcome = await action(engine);
    var seconds = clock.Elapsed.TotalSeconds;
    var ops = counting.Operations;
    var metaGets = ops.Count(o => o.Kind == StoreOperationKind.Get && !(o.Key ?? "").StartsWith("files/", StringComparison.Ordinal));
    var fileGets = ops.Count(o => o.Kind == StoreOperationKind.Get && (o.Key ?? "").StartsWith("files/", StringComparison.Ordinal));
    var listings = ops.Count(o => o.Kind is StoreOperationKind.ListVersions or StoreOperationKind.ListKeys);
    var byKey = string.Join(", ", ops.Where(o => o.Kind != StoreOperationKind.Prepare)
        .GroupBy(o => $"{o.Kind} {((o.Key ?? "").StartsWith("files/", StringComparison.Ordinal) ? "files/..." : o.Key)}")
        .OrderByDescending(g => g.Count()).Select(g => $"{g.Key} x{g.Count()}"));
    Console.WriteLine($"history: {what} on a fresh cache (in process): {seconds:F3} s, {outcome}; manifest reads {metaGets}, listings {listings}, file reads {fileGets}");
    Console.WriteLine($"history:   store calls: {byKey}");
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}
