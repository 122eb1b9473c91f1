using System.Diagnostics;
using System.Text;

namespace RRBackup.Bench.DatasetGenerator;

/// <summary>
/// gen-dataset: writes the benchmark datasets, byte for byte the same on every machine and every run.
/// </summary>
/// <remarks>
/// Every file's contents come from its own xoshiro256** stream seeded by (seed, dataset, file index), so
/// files can be written in parallel and still be deterministic; modification times are fixed too.
/// Nothing here depends on System.Random, whose algorithm is not a contract.
/// </remarks>
public static class Program
{
    private const ulong DefaultSeed = 20240601;

    /// <summary>Modification time of generated file number i: this plus i seconds (UTC).</summary>
    private static readonly DateTime BaseTime = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Files changed by mutate get this time plus their rank: later than any generated file.</summary>
    private static readonly DateTime MutateTime = new(2024, 6, 1, 0, 0, 0, DateTimeKind.Utc);

    private const string Usage = """
        gen-dataset generate NAME DIR [--seed N]   write dataset NAME into DIR (which must be missing or empty)
        gen-dataset mutate DIR [--seed N]          change 1% of the files, add 100, delete 100, rename 50
        gen-dataset list                           describe the datasets

        NAME: tiny (500 files, 1-64 KiB), small (20,000 files, 1-64 KiB), many (200,000 files, 0-4 KiB),
              large (8 files of 128 MiB, half random, half compressible text)
        """;

    public static int Main(string[] args)
    {
        try
        {
            var positional = new List<string>();
            var seed = DefaultSeed;
            for (var i = 0; i < args.Length; i++)
            {
                if (args[i] == "--seed" && i + 1 < args.Length)
                {
                    seed = ulong.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
                }
                else if (args[i] is "-h" or "--help")
                {
                    Console.WriteLine(Usage);
                    return 0;
                }
                else
                {
                    positional.Add(args[i]);
                }
            }

            switch (positional)
            {
                case ["generate", var name, var dir]:
                    Generate(DatasetSpec.Named(name), dir, seed);
                    return 0;
                case ["mutate", var dir]:
                    Mutate(dir, seed);
                    return 0;
                case ["list"]:
                    foreach (var spec in DatasetSpec.All)
                    {
                        Console.WriteLine($"{spec.Name,-6} {spec.Files,8:N0} files, {spec.Describe()}");
                    }

                    return 0;
                default:
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or FormatException)
        {
            Console.Error.WriteLine($"gen-dataset: {e.Message}");
            return 1;
        }
    }

    private static void Generate(DatasetSpec spec, string dir, ulong seed)
    {
        var clock = Stopwatch.StartNew();
        dir = Path.GetFullPath(dir);
        if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
        {
            throw new IOException($"{dir} is not empty");
        }

        Directory.CreateDirectory(dir);
        var layout = new Rng(Mix(seed, Hash(spec.Name), 0xD1));
        var words = Vocabulary.Create(seed);
        var folders = spec.Folders();
        foreach (var folder in folders)
        {
            Directory.CreateDirectory(Path.Combine(dir, folder));
        }

        // The plan (folder, name, size, kind of every file) is drawn sequentially from one stream; the
        // contents are drawn in parallel from one stream per file.
        var plan = new FilePlan[spec.Files];
        for (var i = 0; i < spec.Files; i++)
        {
            var folder = folders[spec.Files <= 8 ? 0 : layout.Next(folders.Count)];
            var size = spec.SizeOf(i, layout);
            var random = spec.IsRandom(i, layout);
            var name = $"{words.Word(layout)}-{i:D6}.{(random ? "bin" : "txt")}";
            plan[i] = new FilePlan(Path.Combine(dir, folder, name), size, random);
        }

        long bytes = 0;
        Parallel.For(0, plan.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var p = plan[i];
            var rng = new Rng(Mix(seed, Hash(spec.Name), (ulong)i));
            WriteFile(p.Path, p.Size, p.Random ? new RandomSource(rng) : new TextSource(rng, words));
            File.SetLastWriteTimeUtc(p.Path, BaseTime.AddSeconds(i));
            Interlocked.Add(ref bytes, p.Size);
        });

        Console.WriteLine($"generated {spec.Name}: {plan.Length} files, {bytes} bytes, {folders.Count} folders in {dir} ({clock.Elapsed.TotalSeconds:F1} s)");
    }

    private static void Mutate(string dir, ulong seed)
    {
        var clock = Stopwatch.StartNew();
        dir = Path.GetFullPath(dir);
        var files = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/'))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw new IOException($"{dir} holds no files");
        }

        var rng = new Rng(Mix(seed, Hash("mutate"), (ulong)files.Count));
        var words = Vocabulary.Create(seed);
        var order = Enumerable.Range(0, files.Count).ToArray();
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        // Disjoint sets of files; small datasets (large has 8 files) give up at most a quarter each.
        var change = Math.Max(1, (files.Count + 99) / 100);
        var delete = Math.Min(100, files.Count / 4);
        var rename = Math.Min(50, files.Count / 4);
        const int add = 100;
        var changed = order.Take(change).ToArray();
        var deleted = order.Skip(change).Take(delete).ToArray();
        var renamed = order.Skip(change + delete).Take(rename).ToArray();

        var rank = 0;
        foreach (var index in changed)
        {
            var path = Path.Combine(dir, files[index]);
            var size = new FileInfo(path).Length;
            var random = path.EndsWith(".bin", StringComparison.Ordinal);
            IByteSource source = random ? new RandomSource(rng.Fork()) : new TextSource(rng.Fork(), words);
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write))
            {
                // Overwrite up to 4 KiB at a random place; every other file also grows by 1 KiB.
                var length = (int)Math.Min(4096, size);
                var offset = size > length ? rng.NextLong(size - length + 1) : 0;
                var buffer = new byte[length + 1024];
                source.Fill(buffer);
                stream.Position = offset;
                stream.Write(buffer, 0, length);
                if (rank % 2 == 0 || size == 0)
                {
                    stream.Position = size;
                    stream.Write(buffer, length, 1024);
                }
            }

            File.SetLastWriteTimeUtc(path, MutateTime.AddSeconds(rank++));
        }

        foreach (var index in deleted)
        {
            File.Delete(Path.Combine(dir, files[index]));
        }

        var k = 0;
        foreach (var index in renamed)
        {
            var from = Path.Combine(dir, files[index]);
            var to = Path.Combine(Path.GetDirectoryName(from)!, $"renamed-{k++:D4}-{Path.GetFileName(from)}");
            File.Move(from, to);
        }

        // New files: in the folder of, and about the size of (at most 64 KiB), a file drawn at random.
        for (var i = 0; i < add; i++)
        {
            var like = Path.Combine(dir, files[order[rng.Next(order.Length)]]);
            var folder = Path.GetDirectoryName(like)!;
            var likeSize = File.Exists(like) ? new FileInfo(like).Length : 4096;
            var size = rng.NextLong(Math.Min(likeSize, 64 * 1024) + 1);
            var random = rng.Next(2) == 0;
            var path = Path.Combine(folder, $"added-{i:D4}-{words.Word(rng)}.{(random ? "bin" : "txt")}");
            WriteFile(path, size, random ? new RandomSource(rng.Fork()) : new TextSource(rng.Fork(), words));
            File.SetLastWriteTimeUtc(path, MutateTime.AddSeconds(rank++));
        }

        Console.WriteLine($"mutated {dir}: {change} changed, {add} added, {delete} deleted, {rename} renamed ({clock.Elapsed.TotalSeconds:F1} s)");
    }

    private static void WriteFile(string path, long size, IByteSource source)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        var buffer = new byte[(int)Math.Min(size, 1 << 20)];
        for (var left = size; left > 0;)
        {
            var n = (int)Math.Min(left, buffer.Length);
            source.Fill(buffer.AsSpan(0, n));
            stream.Write(buffer, 0, n);
            left -= n;
        }
    }

    private static ulong Hash(string text)
    {
        // FNV-1a: stable across processes (string.GetHashCode is randomised).
        var h = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            h = (h ^ b) * 1099511628211UL;
        }

        return h;
    }

    private static ulong Mix(ulong a, ulong b, ulong c)
    {
        var s = a;
        var x = Rng.SplitMix(ref s) ^ b;
        s = x;
        x = Rng.SplitMix(ref s) ^ c;
        s = x;
        return Rng.SplitMix(ref s);
    }

    private readonly record struct FilePlan(string Path, long Size, bool Random);
}

/// <summary>The shape of one dataset.</summary>
internal sealed record DatasetSpec(string Name, int Files, long MinSize, long MaxSize, int[] Fanout)
{
    public static readonly DatasetSpec[] All =
    [
        new("tiny", 500, 1024, 64 * 1024, [3, 3, 2]),
        new("small", 20_000, 1024, 64 * 1024, [10, 10, 5]),
        new("many", 200_000, 0, 4 * 1024, [20, 10, 10]),
        new("large", 8, 128L << 20, 128L << 20, []),
    ];

    public static DatasetSpec Named(string name) =>
        All.FirstOrDefault(s => s.Name == name) ?? throw new ArgumentException($"unknown dataset '{name}' (tiny, small, many, large)");

    public string Describe() => Name == "large"
        ? "128 MiB each, files 0-3 random, 4-7 compressible text"
        : $"{MinSize / 1024.0:0.#}-{MaxSize / 1024} KiB each, half random, half compressible text, {Folders().Count} folders";

    /// <summary>Every folder (relative), parents before children; "." is the root.</summary>
    public List<string> Folders()
    {
        var result = new List<string> { "." };
        var level = new List<string> { "" };
        var prefix = 'a';
        foreach (var width in Fanout)
        {
            var next = new List<string>();
            foreach (var parent in level)
            {
                for (var i = 0; i < width; i++)
                {
                    next.Add(parent.Length == 0 ? $"{prefix}{i:D2}" : $"{parent}/{prefix}{i:D2}");
                }
            }

            result.AddRange(next);
            level = next;
            prefix++;
        }

        return result;
    }

    public long SizeOf(int index, Rng rng) => MinSize == MaxSize ? MaxSize : MinSize + rng.NextLong(MaxSize - MinSize + 1);

    public bool IsRandom(int index, Rng rng) => Name == "large" ? index < Files / 2 : rng.Next(2) == 0;
}

/// <summary>xoshiro256** (Blackman and Vigna), seeded through SplitMix64.</summary>
internal sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;

    public Rng(ulong seed)
    {
        _s0 = SplitMix(ref seed);
        _s1 = SplitMix(ref seed);
        _s2 = SplitMix(ref seed);
        _s3 = SplitMix(ref seed);
    }

    public static ulong SplitMix(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextULong()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, bound): Lemire's multiply-high (the tiny bias is irrelevant here, and it is deterministic).</summary>
    public int Next(int bound) => (int)Math.BigMul(NextULong(), (ulong)bound, out _);

    public long NextLong(long bound) => (long)Math.BigMul(NextULong(), (ulong)bound, out _);

    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A new independent stream, drawn from this one.</summary>
    public Rng Fork() => new(NextULong());

    public void Fill(Span<byte> buffer)
    {
        var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(buffer);
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = NextULong();
        }

        for (var i = words.Length * 8; i < buffer.Length; i++)
        {
            buffer[i] = (byte)NextULong();
        }
    }
}

internal interface IByteSource
{
    void Fill(Span<byte> buffer);
}

/// <summary>Incompressible bytes.</summary>
internal sealed class RandomSource(Rng rng) : IByteSource
{
    public void Fill(Span<byte> buffer) => rng.Fill(buffer);
}

/// <summary>English-like text from a fixed vocabulary with a skewed word frequency: compresses about 3-4x.</summary>
internal sealed class TextSource(Rng rng, Vocabulary words) : IByteSource
{
    private readonly byte[] _token = new byte[32];
    private int _length;
    private int _position;
    private int _wordsInLine;
    private int _lineLength = 10;

    public void Fill(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length)
        {
            if (_position == _length)
            {
                NextToken();
            }

            var n = Math.Min(buffer.Length - written, _length - _position);
            _token.AsSpan(_position, n).CopyTo(buffer[written..]);
            written += n;
            _position += n;
        }
    }

    private void NextToken()
    {
        var word = words.Bytes(rng);
        word.CopyTo(_token, 0);
        _length = word.Length;
        if (++_wordsInLine >= _lineLength)
        {
            _token[_length++] = (byte)'.';
            _token[_length++] = (byte)'\n';
            _wordsInLine = 0;
            _lineLength = 6 + rng.Next(10);
        }
        else
        {
            if (rng.Next(100) < 8)
            {
                _token[_length++] = (byte)',';
            }

            _token[_length++] = (byte)' ';
        }

        _position = 0;
    }
}

/// <summary>4,096 pseudo-words drawn once from the seed.</summary>
internal sealed class Vocabulary
{
    private readonly byte[][] _words;

    private Vocabulary(byte[][] words) => _words = words;

    public static Vocabulary Create(ulong seed)
    {
        var rng = new Rng(seed ^ 0x766F636162756CUL);
        const string letters = "eeeeeeeetttttaaaaaoooooiiiiinnnnssssrrrhhhdddllcummfwypgbvk";
        var words = new byte[4096][];
        for (var i = 0; i < words.Length; i++)
        {
            var length = 1 + rng.Next(4) + rng.Next(5) + rng.Next(4);
            var word = new byte[length];
            for (var j = 0; j < length; j++)
            {
                word[j] = (byte)letters[rng.Next(letters.Length)];
            }

            words[i] = word;
        }

        return new Vocabulary(words);
    }

    /// <summary>A word, frequent ones much more often (index ~ u^3).</summary>
    public byte[] Bytes(Rng rng)
    {
        var u = rng.NextDouble();
        return _words[(int)(u * u * u * _words.Length)];
    }

    public string Word(Rng rng) => Encoding.ASCII.GetString(Bytes(rng));
}
