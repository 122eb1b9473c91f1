using System.Text.Json;
using RRBackup.Engine.Diagnostics;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Manifest.Json;

namespace RRBackup.Engine.Manifest;

/// <summary>The local manifest cache (local_manifest_file): the head manifest and the history's summaries.</summary>
/// <remarks>Only ever a cache: the remote is the truth, and a cache that does not match it is rebuilt.</remarks>
internal sealed record ManifestCache(string StoreIdentity, string Head, DateTimeOffset ScanTime, IReadOnlyList<VersionInfo> Versions, FileManifest Manifest, IReadOnlySet<string>? Unverified)
{
    private const int Format = 1;

    /// <summary>Reads the cache; a missing one is null, an unreadable or foreign one is null with a warning.</summary>
    public static ManifestCache? TryRead(string path, string storeIdentity, IEngineLog log)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        CacheDocument document;
        try
        {
            document = ManifestCodec.Deserialize(File.ReadAllBytes(path), ManifestJsonContext.Default.CacheDocument, path, null);
        }
        catch (Exception e) when (e is RRBackupException or IOException or UnauthorizedAccessException)
        {
            log.Warning(ErrorCodes.CacheDiscarded, $"local manifest cache '{path}' cannot be read ({e.Message}); rebuilding it from the remote");
            return null;
        }

        if (document.Format != Format || document.Store != storeIdentity)
        {
            log.Warning(ErrorCodes.CacheDiscarded, $"local manifest cache '{path}' belongs to another store or format; rebuilding it from the remote");
            return null;
        }

        try
        {
            var versions = document.Versions.Select(ManifestCodec.FromDocument).ToList();
            var entries = document.Entries.Select(e => ManifestCodec.FromDocument(e, path, document.Head));
            var unverified = document.Unverified?.ToHashSet(StringComparer.Ordinal);
            return new ManifestCache(document.Store, document.Head, document.ScanTime, versions, FileManifest.FromEntries(entries), unverified);
        }
        catch (Exception e) when (e is RRBackupException or ArgumentException)
        {
            log.Warning(ErrorCodes.CacheDiscarded, $"local manifest cache '{path}' is corrupt ({e.Message}); rebuilding it from the remote");
            return null;
        }
    }

    /// <summary>Writes the cache atomically: a crash leaves the old cache or the new one.</summary>
    public void Write(string path)
    {
        var document = new CacheDocument
        {
            Format = Format,
            Store = StoreIdentity,
            Head = Head,
            ScanTime = ScanTime,
            Unverified = Unverified is null ? null : [.. Unverified.Order(StringComparer.Ordinal)],
            Versions = [.. Versions.Select(ManifestCodec.ToDocument)],
            Entries = [.. Manifest.SortedEntries.Select(ManifestCodec.ToDocument)],
        };

        var temp = path + ".tmp-" + Environment.ProcessId;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                JsonSerializer.Serialize(stream, document, ManifestJsonContext.Default.CacheDocument);
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
