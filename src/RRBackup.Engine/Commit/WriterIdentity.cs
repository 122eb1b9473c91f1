namespace RRBackup.Engine.Commit;

/// <summary>A random id for this writer (one per local manifest cache), kept in a file beside the cache.</summary>
/// <remarks>It tells this writer's leftover gc logs, safe to clean while it holds its lock, from another writer's, which may be in flight.</remarks>
internal static class WriterIdentity
{
    public static string LoadOrCreate(string cacheFile)
    {
        var path = cacheFile + ".writer";
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: 32 } existing)
        {
            return existing;
        }

        var id = Guid.NewGuid().ToString("N");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, id + "\n");
        return id;
    }
}
