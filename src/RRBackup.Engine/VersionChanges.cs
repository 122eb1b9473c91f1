using RRBackup.Engine.Manifest;

namespace RRBackup.Engine;

/// <summary>A version and what changed in it, in path order.</summary>
public sealed record VersionChanges(VersionInfo Version, IReadOnlyList<ManifestChange> Changes);
