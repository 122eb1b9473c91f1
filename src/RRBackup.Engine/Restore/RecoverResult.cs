namespace RRBackup.Engine.Restore;

/// <summary>What a recovery without the manifest rebuilt.</summary>
/// <param name="Target">The target folder, absolute.</param>
/// <param name="Files">The files written, as absolute paths.</param>
/// <param name="Failures">Objects that could not be decoded, each with the reason.</param>
public sealed record RecoverResult(string Target, IReadOnlyList<string> Files, IReadOnlyList<string> Failures);
