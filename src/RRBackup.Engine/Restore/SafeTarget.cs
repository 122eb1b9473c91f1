using RRBackup.Engine.Errors;
using RRBackup.Engine.Manifest;

namespace RRBackup.Engine.Restore;

/// <summary>Turns backup paths into paths under a target folder, refusing anything that would land outside it.</summary>
internal sealed class SafeTarget
{
    private readonly string _root;
    private readonly HashSet<string> _checkedFolders = new(StringComparer.Ordinal);

    public SafeTarget(string root)
    {
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
    }

    public string Root => _root;

    /// <summary>The absolute path for <paramref name="backupPath"/>, with its folders created and checked, and no folder in its place.</summary>
    public string PrepareFile(string backupPath)
    {
        var full = PreparePath(backupPath);
        RequireNoFolderAt(full, backupPath);
        return full;
    }

    /// <summary>
    /// The absolute path for <paramref name="backupPath"/>, with its folders created and checked; what is at the
    /// path itself is not looked at, for a caller that renames a file there and calls <see cref="RequireNoFolderAt"/>
    /// only when the rename fails (a check per file would cost a restore of small files a system call each).
    /// </summary>
    public string PreparePath(string backupPath)
    {
        if (!BackupPath.IsValid(backupPath) || (Path.DirectorySeparatorChar == '\\' && backupPath.Contains('\\')))
        {
            throw Unsafe(backupPath, "it is not a plain relative path");
        }

        var full = Path.GetFullPath(Path.Join(_root, backupPath[1..]));
        if (!full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw Unsafe(backupPath, "it resolves outside the target");
        }

        EnsureFolders(Path.GetDirectoryName(full)!, backupPath);
        return full;
    }

    /// <summary>Refuses a path where a folder (not a link to one) stands, naming the file that cannot be restored.</summary>
    public static void RequireNoFolderAt(string full, string backupPath)
    {
        if (Directory.Exists(full) && !IsLink(full))
        {
            throw new RRBackupException(ErrorCodes.LocalIoFailure, ErrorKind.LocalIo,
                $"cannot restore '{backupPath}': '{full}' is a folder");
        }
    }

    private void EnsureFolders(string folder, string backupPath)
    {
        lock (_checkedFolders)
        {
            if (_checkedFolders.Contains(folder))
            {
                return;
            }

            // Walk down from the target so that no link planted inside it can carry a write elsewhere.
            var relative = Path.GetRelativePath(_root, folder);
            var current = _root;
            if (relative != ".")
            {
                foreach (var segment in relative.Split(Path.DirectorySeparatorChar))
                {
                    current = Path.Join(current, segment);
                    if (IsLink(current))
                    {
                        throw Unsafe(backupPath, $"'{current}' is a symbolic link");
                    }

                    if (File.Exists(current))
                    {
                        throw new RRBackupException(ErrorCodes.LocalIoFailure, ErrorKind.LocalIo,
                            $"cannot restore '{backupPath}': '{current}' is a file where a folder is needed");
                    }

                    Directory.CreateDirectory(current);
                }
            }

            _checkedFolders.Add(folder);
        }
    }

    private static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;

    private RRBackupException Unsafe(string backupPath, string why) =>
        new(ErrorCodes.UnsafeTargetPath, ErrorKind.Data,
            $"refusing to restore '{backupPath}' into '{_root}': {why}; the manifest may be corrupt or hostile");
}
