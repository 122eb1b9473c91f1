using RRBackup.Engine.Patterns;
using RRBackup.Engine.Pipeline;

namespace RRBackup.Engine.Configuration;

/// <summary>A validated configuration: every path absolute, every value checked.</summary>
/// <remarks>ToString is written out: a record's generated one would print the password.</remarks>
public sealed record BackupConfiguration
{
    /// <summary>The configuration file, absolute.</summary>
    public required string ConfigFile { get; init; }

    /// <summary>The folder that is backed up, absolute.</summary>
    public required string BasePath { get; init; }

    /// <summary>The local manifest cache file, absolute.</summary>
    public required string LocalManifestFile { get; init; }

    /// <summary>The encryption password, or null for none. Never printed.</summary>
    public string? CryptPassword { get; init; }

    /// <summary>When true this client never writes to the store.</summary>
    public bool CommitLocked { get; init; }

    /// <summary>When true this client never deletes from the store: what it would delete goes to the garbage log.</summary>
    public bool WriteOnly { get; init; }

    /// <summary>How old another writer's gc log must be before its commit counts as abandoned and is cleaned up.</summary>
    public TimeSpan AbandonedCommitAge { get; init; } = TimeSpan.FromHours(24);

    public RemoteNames Names { get; init; } = RemoteNames.Default;

    public PathPatternList IgnoreFiles { get; init; } = PathPatternList.Empty;

    public PathPatternList SkipDelete { get; init; } = PathPatternList.Empty;

    public required StoreSettings Store { get; init; }

    /// <summary>Which transforms apply to metadata and to each file.</summary>
    public PipelineSettings Pipelines { get; init; } = PipelineSettings.Plain;

    /// <summary>Argon2id's cost for a new store's salt object.</summary>
    public Crypto.KdfParameters Kdf { get; init; } = Crypto.KdfParameters.Default;

    /// <summary>Problems that did not stop the load (unknown keys, unknown sections).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Where each key was set: "[section] key" to its line number, for messages.</summary>
    public IReadOnlyDictionary<string, int> KeyLines { get; init; } = new Dictionary<string, int>();

    /// <summary>Names a key's place for a message: "FILE: [SECTION] KEY (line N)".</summary>
    public string Where(string section, string key) =>
        KeyLines.TryGetValue($"[{section}] {key}", out var line)
            ? $"{ConfigFile}: [{section}] {key} (line {line})"
            : $"{ConfigFile}: [{section}] {key}";

    public override string ToString() => $"configuration '{ConfigFile}'";
}
