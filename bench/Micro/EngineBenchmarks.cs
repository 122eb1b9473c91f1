using BenchmarkDotNet.Attributes;
using RRBackup.Engine;
using RRBackup.Engine.Commit;
using RRBackup.Engine.Configuration;
using RRBackup.Engine.Crypto;

namespace RRBackup.Bench.Micro;

/// <summary>
/// The whole commit pipeline through the public engine API: one 64 MiB file committed into a fresh local
/// store (read, hash, optionally compress and encrypt, write, syncfs, manifest). The key derivation is
/// made cheap (Argon2id 8 MiB, 1 pass) so that it does not hide the per-MiB cost.
/// </summary>
[ShortRunJob]
[InvocationCount(1)]
public class EngineCommitBenchmarks
{
    private const int FileSize = 64 << 20;
    private string _root = "";
    private string _source = "";
    private int _iteration;
    private BackupConfiguration _config = null!;

    [Params("text", "random")]
    public string Content { get; set; } = "text";

    /// <summary>plain: stored as-is; compress+encrypt: the default pipeline with a password.</summary>
    [Params("plain", "compress+encrypt")]
    public string Pipeline { get; set; } = "plain";

    [GlobalSetup]
    public void Setup()
    {
        _root = Scratch.Folder($"commit-{Content}-{Pipeline.Replace('+', '-')}-{Environment.ProcessId}");
        _source = Path.Combine(_root, "source");
        Directory.CreateDirectory(_source);
        var file = Path.Combine(_source, "big.bin");
        using (var stream = File.Create(file))
        {
            for (var i = 0; i < FileSize / (1 << 20); i++)
            {
                stream.Write(Content == "text" ? Data.Text(1 << 20, 100 + i) : Data.Random(1 << 20, 100 + i));
            }
        }

        File.SetLastWriteTimeUtc(file, new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc));
    }

    [IterationSetup]
    public void FreshStore()
    {
        _iteration++;
        var configFile = Path.Combine(_root, $"iteration-{_iteration}.ini");
        File.WriteAllText(configFile, $"""
            [main]
            base_path: {_source}
            local_manifest_file: {_root}/cache-{_iteration}/manifest.json
            {(Pipeline == "plain" ? "" : "crypt_password: rrbackup-bench-password")}

            [local]
            path: {_root}/store-{_iteration}
            """);
        _config = ConfigurationLoader.Load(configFile) with { Kdf = new KdfParameters(8 * 1024, 1, 1) };
    }

    [IterationCleanup]
    public void DropStore()
    {
        Directory.Delete(Path.Combine(_root, $"store-{_iteration}"), true);
        Directory.Delete(Path.Combine(_root, $"cache-{_iteration}"), true);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, true);

    [Benchmark, BytesPerOperation(FileSize)]
    public async Task<long> Commit64MiB()
    {
        await using var engine = BackupEngine.Open(_config);
        var result = await engine.CommitAsync(CommitOptions.Default);
        return result.BytesUploaded;
    }
}
