namespace RRBackup.Engine.Manifest;

/// <summary>The rules for paths in a backup: relative to base_path, '/'-separated, starting with '/'.</summary>
public static class BackupPath
{
    public static bool IsValid(string? path)
    {
        if (string.IsNullOrEmpty(path) || path[0] != '/' || path.Length == 1 || path.Contains('\0'))
        {
            return false;
        }

        foreach (var segment in path[1..].Split('/'))
        {
            if (segment.Length == 0 || segment == "." || segment == "..")
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The backup path of a file under <paramref name="basePath"/>.</summary>
    public static string FromRelative(string relativePath) =>
        "/" + (Path.DirectorySeparatorChar == '/' ? relativePath : relativePath.Replace(Path.DirectorySeparatorChar, '/'));
}
