using RRBackup.Engine.Diagnostics;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Manifest.Json;

namespace RRBackup.Engine.Manifest;

/// <summary>The local manifest cache (local_manifest_file): the head manifest and the history's summaries.</summary>
/// <remarks>Only ever a cache: the remote is the truth, and a cache that does not match it is rebuilt.</remarks>
internal sealed record ManifestCache(string StoreIdentity, string Head, DateTimeOffset ScanTime, IReadOnlyList<VersionInfo> Versions, FileManifest Manifest, IReadOnlySet<string>? Unverified)
{
    private const int JsonFormat = 1;

    /// <summary>Reads the cache; a missing one is null, an unreadable or foreign one is null with a warning.</summary>
    public static ManifestCache? TryRead(string path, string storeIdentity, IEngineLog log)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        ManifestCache? cache;
        string? problem;
        try
        {
            var bytes = File.ReadAllBytes(path);
            cache = CacheBinaryCodec.HasMagic(bytes) ? CacheBinaryCodec.Read(bytes, out problem) : ReadJson(bytes, path, out problem);
        }
        catch (Exception e) when (e is RRBackupException or IOException or UnauthorizedAccessException or ArgumentException or FormatException)
        {
            (cache, problem) = (null, e.Message);
        }

        if (cache is null)
        {
            log.Warning(ErrorCodes.CacheDiscarded, $"local manifest cache '{path}' cannot be read ({problem}); rebuilding it from the remote");
            return null;
        }

        if (cache.StoreIdentity != storeIdentity)
        {
            log.Warning(ErrorCodes.CacheDiscarded, $"local manifest cache '{path}' belongs to another store; rebuilding it from the remote");
            return null;
        }

        return cache;
    }

    /// <summary>The JSON cache of format 1, which earlier versions wrote; the next write replaces it with the binary one.</summary>
    private static ManifestCache? ReadJson(byte[] bytes, string path, out string? problem)
    {
        var document = ManifestCodec.Deserialize(bytes, ManifestJsonContext.Default.CacheDocument, path, null);
        if (document.Format != JsonFormat)
        {
            problem = $"it has format {document.Format}";
            return null;
        }

        var versions = document.Versions.Select(ManifestCodec.FromDocument).ToList();
        var entries = document.Entries.Select(e => ManifestCodec.FromDocument(e, path, document.Head));
        var unverified = document.Unverified?.ToHashSet(StringComparer.Ordinal);
        problem = null;
        return new ManifestCache(document.Store, document.Head, document.ScanTime, versions, FileManifest.FromEntries(entries), unverified);
    }

    /// <summary>Writes the cache atomically: a crash leaves the old cache or the new one.</summary>
    public void Write(string path)
    {
        var temp = path + ".tmp-" + Environment.ProcessId;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                CacheBinaryCodec.Write(stream, this);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temp);
            throw Error.LocalIo(path, "writing the local manifest cache", e);
        }
    }
}
