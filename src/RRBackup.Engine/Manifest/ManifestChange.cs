namespace RRBackup.Engine.Manifest;

/// <summary>One change in a manifest diff.</summary>
/// <param name="Kind">What the change does.</param>
/// <param name="Path">The path changed (for a move, the new path).</param>
/// <param name="Entry">The path's new entry; null for a deletion.</param>
/// <param name="FromPath">For a move, the old path.</param>
public sealed record ManifestChange(ChangeKind Kind, string Path, ManifestEntry? Entry, string? FromPath = null)
{
    public static ManifestChange Added(ManifestEntry entry) => new(ChangeKind.Added, entry.Path, entry);

    public static ManifestChange Changed(ManifestEntry entry) => new(ChangeKind.Changed, entry.Path, entry);

    public static ManifestChange Touched(ManifestEntry entry) => new(ChangeKind.Touched, entry.Path, entry);

    public static ManifestChange Deleted(string path) => new(ChangeKind.Deleted, path, null);

    public static ManifestChange Moved(string fromPath, ManifestEntry entry) => new(ChangeKind.Moved, entry.Path, entry, fromPath);
}
