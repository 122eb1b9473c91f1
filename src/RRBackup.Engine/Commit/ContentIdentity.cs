using RRBackup.Engine.Manifest;
using RRBackup.Engine.Pipeline;

namespace RRBackup.Engine.Commit;

/// <summary>What makes two files one object: the same bytes through the same pipeline.</summary>
/// <remarks>A value, not a formatted string: a first commit of 200,000 files indexes every one of them by it.</remarks>
internal readonly record struct ContentIdentity(Sha256Digest Digest, Transforms Transforms);
