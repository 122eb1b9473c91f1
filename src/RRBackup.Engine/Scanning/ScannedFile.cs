namespace RRBackup.Engine.Scanning;

/// <summary>A regular file found under base_path, with what one stat told about it.</summary>
/// <param name="Path">The backup path ('/'-rooted, relative to base_path).</param>
/// <param name="BasePath">The folder it was found under (base_path): the full path is built only for the few files that are read.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="ModifiedNs">Its modification time in nanoseconds since the Unix epoch.</param>
/// <param name="LinkTarget">For a symbolic link, its target as written (never followed); null for a regular file.</param>
public sealed record ScannedFile(string Path, string BasePath, long Size, long ModifiedNs, string? LinkTarget = null)
{
    /// <summary>The file's absolute path on this machine.</summary>
    public string FullPath => System.IO.Path.Join(BasePath, Path.AsSpan(1));
}
