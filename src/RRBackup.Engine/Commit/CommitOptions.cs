namespace RRBackup.Engine.Commit;

/// <summary>What a commit records beside the files.</summary>
public sealed record CommitOptions
{
    public static readonly CommitOptions Default = new();

    /// <summary>A message shown by list_versions.</summary>
    public string? Message { get; init; }

    /// <summary>Labels (a CI build number, a git commit); a commit with labels is recorded even when nothing changed.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}
