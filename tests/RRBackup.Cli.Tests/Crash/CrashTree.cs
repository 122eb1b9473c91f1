namespace RRBackup.Cli.Tests.Crash;

/// <summary>A folder of random files that changes the way a real tree does between commits, driven by a seeded <see cref="Random"/>.</summary>
public sealed class CrashTree(string folder, Random random)
{
    private readonly List<string> _paths = [];
    private int _next;

    public int Count => _paths.Count;

    /// <summary>Writes <paramref name="count"/> new files of <paramref name="minBytes"/> to <paramref name="maxBytes"/> random bytes, in a few folders.</summary>
    public void Create(int count, int minBytes, int maxBytes)
    {
        for (var i = 0; i < count; i++)
        {
            Add(minBytes, maxBytes);
        }
    }

    /// <summary>
    /// Changes the tree as a version would: rewrites <paramref name="changed"/> files with new random contents,
    /// adds <paramref name="added"/>, deletes <paramref name="deleted"/>, renames <paramref name="renamed"/> and
    /// copies <paramref name="duplicated"/> existing files to new names (same contents).
    /// </summary>
    public void Mutate(int changed, int added, int deleted, int renamed, int duplicated, int minBytes, int maxBytes)
    {
        foreach (var path in Pick(changed))
        {
            File.WriteAllBytes(Full(path), Bytes(minBytes, maxBytes));
        }

        for (var i = 0; i < added; i++)
        {
            Add(minBytes, maxBytes);
        }

        foreach (var path in Pick(deleted))
        {
            File.Delete(Full(path));
            _paths.Remove(path);
        }

        foreach (var path in Pick(renamed))
        {
            var to = NewPath();
            Directory.CreateDirectory(Path.GetDirectoryName(Full(to))!);
            File.Move(Full(path), Full(to));
            _paths[_paths.IndexOf(path)] = to;
        }

        foreach (var path in Pick(duplicated))
        {
            var to = NewPath();
            Directory.CreateDirectory(Path.GetDirectoryName(Full(to))!);
            File.Copy(Full(path), Full(to));
            _paths.Add(to);
        }
    }

    private void Add(int minBytes, int maxBytes)
    {
        var path = NewPath();
        Directory.CreateDirectory(Path.GetDirectoryName(Full(path))!);
        File.WriteAllBytes(Full(path), Bytes(minBytes, maxBytes));
        _paths.Add(path);
    }

    private string NewPath() => $"/dir-{_next % 7}/sub-{_next % 3}/file-{_next++:D5}.bin";

    private List<string> Pick(int count) => [.. _paths.OrderBy(_ => random.Next()).Take(count)];

    private string Full(string path) => Path.Combine(folder, path.TrimStart('/'));

    private byte[] Bytes(int minBytes, int maxBytes)
    {
        var bytes = new byte[random.Next(minBytes, maxBytes + 1)];
        random.NextBytes(bytes);
        return bytes;
    }
}
