namespace RRBackup.Cli.Tests.Support;

/// <summary>Captures folders as maps of backup paths ('/a/b.txt') to file states, and compares them.</summary>
public static class TreeSnapshot
{
    /// <summary>Every regular file under <paramref name="folder"/>, keyed by its '/'-separated path relative to it.</summary>
    public static SortedDictionary<string, FileState> Capture(string folder)
    {
        var files = new SortedDictionary<string, FileState>(StringComparer.Ordinal);
        if (!Directory.Exists(folder))
        {
            return files;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var path = "/" + Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
            files[path] = new FileState(File.ReadAllBytes(file), File.GetLastWriteTimeUtc(file));
        }

        return files;
    }

    /// <summary>
    /// Asserts that <paramref name="folder"/> holds exactly the expected files (no more, no fewer), each
    /// byte for byte, with the expected modification time to the tick (100 ns).
    /// </summary>
    public static void AssertFolderHolds(string folder, IReadOnlyDictionary<string, FileState> expected, string what)
    {
        var actual = Capture(folder);
        var missing = expected.Keys.Where(p => !actual.ContainsKey(p)).ToList();
        var extra = actual.Keys.Where(p => !expected.ContainsKey(p)).ToList();
        Assert.That(missing, Is.Empty, $"{what}: files missing from '{folder}'");
        Assert.That(extra, Is.Empty, $"{what}: files in '{folder}' that should not be there");
        foreach (var (path, state) in expected)
        {
            var found = actual[path];
            Assert.That(found.Content.Length, Is.EqualTo(state.Content.Length), $"{what}: size of '{path}'");
            var differsAt = found.Content.AsSpan().CommonPrefixLength(state.Content);
            Assert.That(differsAt, Is.EqualTo(state.Content.Length), $"{what}: contents of '{path}' differ from byte {differsAt} on");
            Assert.That(found.ModifiedUtc, Is.EqualTo(state.ModifiedUtc), $"{what}: modification time of '{path}'");
        }
    }

    /// <summary>A copy of <paramref name="files"/> without the paths <paramref name="leaveOut"/> names.</summary>
    public static SortedDictionary<string, FileState> Without(IReadOnlyDictionary<string, FileState> files, Func<string, bool> leaveOut) =>
        new(files.Where(f => !leaveOut(f.Key)).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal), StringComparer.Ordinal);
}
