using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace RRBackup.Bench.Micro;

/// <summary>How many bytes one invocation of a benchmark processes: drives the MiB/s column.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BytesPerOperationAttribute(long bytes) : Attribute
{
    public long Bytes { get; } = bytes;
}

/// <summary>MiB/s from a benchmark's mean time and its <see cref="BytesPerOperationAttribute"/>.</summary>
public sealed class ThroughputColumn : IColumn
{
    public string Id => nameof(ThroughputColumn);

    public string ColumnName => "MiB/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "MiB processed per second: bytes per operation / mean time";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var bytes = benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<BytesPerOperationAttribute>()?.Bytes;
        var meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return bytes is null || meanNs is null or <= 0
            ? "-"
            : (bytes.Value / 1048576.0 / (meanNs.Value / 1e9)).ToString("N0", CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}

/// <summary>Scratch folders of the benchmarks, shared by the benchmark processes of one run.</summary>
public static class Scratch
{
    public static string Root => Environment.GetEnvironmentVariable("RRBACKUP_BENCH_TMP") is { Length: > 0 } root
        ? root
        : Path.Combine("/var/tmp", "rrbackup-bench-micro");

    public static string Folder(string name)
    {
        var path = Path.Combine(Root, name);
        Directory.CreateDirectory(path);
        return path;
    }

    public static void RemoveAll()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, true);
        }
    }
}

/// <summary>Benchmark inputs: compressible text and incompressible bytes, always the same.</summary>
public static class Data
{
    public static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>English-like text from a 4,096-word vocabulary (about 3x under Brotli quality 1).</summary>
    public static byte[] Text(int length, int seed)
    {
        var random = new Random(seed);
        var words = new string[4096];
        const string letters = "eeeeeeeetttttaaaaaoooooiiiiinnnnssssrrrhhhdddllcummfwypgbvk";
        for (var i = 0; i < words.Length; i++)
        {
            var chars = new char[1 + random.Next(4) + random.Next(5) + random.Next(4)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = letters[random.Next(letters.Length)];
            }

            words[i] = new string(chars);
        }

        var text = new System.Text.StringBuilder(length + 64);
        while (text.Length < length)
        {
            var u = random.NextDouble();
            text.Append(words[(int)(u * u * u * words.Length)]).Append(random.Next(12) == 0 ? ".\n" : " ");
        }

        return System.Text.Encoding.ASCII.GetBytes(text.ToString(0, length));
    }
}
