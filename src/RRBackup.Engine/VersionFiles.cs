using RRBackup.Engine.Manifest;

namespace RRBackup.Engine;

/// <summary>A version and the files it holds, in path order.</summary>
public sealed record VersionFiles(VersionInfo Version, IReadOnlyList<ManifestEntry> Files);
