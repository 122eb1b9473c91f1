using BenchmarkDotNet.Attributes;
using RRBackup.Engine;
using RRBackup.Engine.Commit;
using RRBackup.Engine.Configuration;

namespace RRBackup.Bench.Micro;

/// <summary>
/// The manifest at 100,000 entries, through the public engine API on a local store with a warm cache
/// (the cache's JSON codec is internal): load = ListFiles("latest"); list = ListVersions; a no-change
/// commit = load + a stat of every file; a labelled commit of the same tree = that + writing a new
/// version (diff, cache, and every few commits a checkpoint), so save ~ labelled - no-change.
/// </summary>
/// <remarks>The tree (100 folders of 1,000 empty files) and its first commit are made once per run
/// and shared by the benchmark processes.</remarks>
[ShortRunJob]
public class ManifestBenchmarks
{
    public const int Entries = 100_000;
    private BackupEngine _engine = null!;
    private int _label;

    [GlobalSetup]
    public void Setup()
    {
        var root = Scratch.Folder("manifest-100k");
        var configFile = Path.Combine(root, "config.ini");
        var ready = Path.Combine(root, "ready");
        if (!File.Exists(ready))
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(root))
            {
                if (Directory.Exists(entry)) Directory.Delete(entry, true); else File.Delete(entry);
            }

            var tree = Path.Combine(root, "tree");
            var time = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            for (var d = 0; d < 100; d++)
            {
                var folder = Path.Combine(tree, $"folder-{d:D3}");
                Directory.CreateDirectory(folder);
                for (var f = 0; f < Entries / 100; f++)
                {
                    var file = Path.Combine(folder, $"file-{f:D4}.txt");
                    File.WriteAllBytes(file, []);
                    File.SetLastWriteTimeUtc(file, time);
                }
            }

            File.WriteAllText(configFile, $"""
                [main]
                base_path: {tree}
                local_manifest_file: {root}/cache/manifest.json

                [local]
                path: {root}/store
                """);
            var engine = BackupEngine.Open(ConfigurationLoader.Load(configFile));
            try
            {
                engine.CommitAsync(CommitOptions.Default).GetAwaiter().GetResult();
            }
            finally
            {
                engine.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            File.WriteAllText(ready, "");
        }

        _engine = BackupEngine.Open(ConfigurationLoader.Load(configFile));
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public async Task<int> LoadListFiles() => (await _engine.ListFilesAsync("latest")).Files.Count;

    [Benchmark]
    public async Task<int> ListVersions() => (await _engine.ListVersionsAsync()).Count;

    [Benchmark]
    public async Task<bool> CommitNoChange() => (await _engine.CommitAsync(CommitOptions.Default)).NoChange;

    [Benchmark]
    public async Task<bool> CommitLabelled() =>
        (await _engine.CommitAsync(new CommitOptions { Labels = new Dictionary<string, string> { ["bench"] = $"{Environment.ProcessId}-{++_label}" } })).NoChange;
}
