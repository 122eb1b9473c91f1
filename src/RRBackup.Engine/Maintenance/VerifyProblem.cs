namespace RRBackup.Engine.Maintenance;

/// <summary>One thing verify found wrong.</summary>
/// <param name="Path">The backed-up path concerned, if any.</param>
/// <param name="Key">The object's key.</param>
/// <param name="VersionId">The object's version, if any.</param>
/// <param name="Problem">What is wrong.</param>
public sealed record VerifyProblem(string? Path, string Key, string? VersionId, string Problem);
