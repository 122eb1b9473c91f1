using RRBackup.Engine;
using RRBackup.Engine.Manifest;

namespace RRBackup.MSBuild.Tests.Support;

/// <summary>
/// The file object versions of a local store as they lie on disk (STORE/keys/files/.../~v/VERSION, without the
/// '~lock' files), and the ones the store's versions reference, to find what an interrupted commit left.
/// </summary>
public static class LocalStoreObjects
{
    private const string VersionsFolder = "~v";
    private const string LockFile = "~lock";
    private const string DeleteMarkerSuffix = "~";

    /// <summary>Every (key, version id) of a 'files/' object on disk.</summary>
    public static HashSet<(string Key, string Version)> OnDisk(string store)
    {
        var keys = Path.Combine(store, "keys");
        var files = Path.Combine(keys, "files");
        var found = new HashSet<(string, string)>();
        if (!Directory.Exists(files))
        {
            return found;
        }

        foreach (var versions in Directory.EnumerateDirectories(files, VersionsFolder, SearchOption.AllDirectories))
        {
            var key = KeyOf(Path.GetRelativePath(keys, Path.GetDirectoryName(versions)!));
            foreach (var version in Directory.EnumerateFiles(versions))
            {
                var name = Path.GetFileName(version);
                if (name != LockFile && !name.EndsWith(DeleteMarkerSuffix, StringComparison.Ordinal))
                {
                    found.Add((key, name));
                }
            }
        }

        return found;
    }

    /// <summary>Every (key, version id) that some version of the backup references.</summary>
    public static HashSet<(string Key, string Version)> Referenced(IReadOnlyList<VersionInfo> versions, Func<string, VersionFiles> filesOf)
    {
        var referenced = new HashSet<(string, string)>();
        foreach (var version in versions)
        {
            foreach (var entry in filesOf(version.VersionId).Files)
            {
                if (entry.ObjectKey is not null && entry.ObjectVersion is not null)
                {
                    referenced.Add((entry.ObjectKey, entry.ObjectVersion));
                }
            }
        }

        return referenced;
    }

    /// <summary>A key from its folder: one segment per folder, '%' alone for an empty segment, otherwise %XX-escaped.</summary>
    private static string KeyOf(string relativeFolder) =>
        string.Join('/', relativeFolder.Split(Path.DirectorySeparatorChar).Select(s => s == "%" ? "" : Uri.UnescapeDataString(s)));
}
