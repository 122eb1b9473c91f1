using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Running;

namespace RRBackup.Bench.Micro;

/// <summary>
/// bench-micro: BenchmarkDotNet micro-benchmarks of RRBackup's hot paths (see bench/README.md).
/// </summary>
/// <remarks>
/// Run from the repository root: dotnet run -c Release --project bench/Micro -- --filter '*'
/// (any BenchmarkDotNet option works: --filter '*Chunk*', --list flat, --job short, ...).
/// Scratch data goes to $RRBACKUP_BENCH_TMP (default /var/tmp/rrbackup-bench-micro) and is removed at the end.
/// </remarks>
public static class Program
{
    public static int Main(string[] args)
    {
        var config = DefaultConfig.Instance
            .AddColumn(new ThroughputColumn())
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));
        try
        {
            var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
            return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
        }
        finally
        {
            Scratch.RemoveAll();
        }
    }
}
