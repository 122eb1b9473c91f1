namespace RRBackup.Cake.Tests.Support;

/// <summary>Captures folders as maps of '/'-separated relative paths to contents, and compares them byte for byte.</summary>
public static class TreeSnapshot
{
    public static SortedDictionary<string, byte[]> Capture(string folder)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        if (!Directory.Exists(folder))
        {
            return files;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            files["/" + Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/')] = File.ReadAllBytes(file);
        }

        return files;
    }

    /// <summary>Asserts that <paramref name="folder"/> holds exactly the expected files, each byte for byte.</summary>
    public static void AssertFolderHolds(string folder, IReadOnlyDictionary<string, byte[]> expected, string what)
    {
        var actual = Capture(folder);
        Assert.That(actual.Keys, Is.EquivalentTo(expected.Keys), $"{what}: the files in '{folder}'");
        foreach (var (path, content) in expected)
        {
            var found = actual[path];
            var same = found.AsSpan().CommonPrefixLength(content);
            Assert.That(found.Length == content.Length && same == content.Length, Is.True,
                $"{what}: '{path}' differs ({found.Length} bytes, expected {content.Length}; first difference at byte {same})");
        }
    }
}
