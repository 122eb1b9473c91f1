namespace RRBackup.Engine.Configuration;

/// <summary>The keys of the metadata objects; each can be renamed in [main] to obfuscate it.</summary>
/// <param name="ManifestDiffs">remote_manifest_diff_file: one version per commit.</param>
/// <param name="GcLog">remote_gc_log_file: present while a commit is in flight.</param>
/// <param name="PasswordSalt">remote_password_salt_file: the key-derivation salt (with encryption).</param>
/// <param name="Key">remote_key_file: the data key, wrapped under the password (with encryption).</param>
/// <param name="GarbageLog">remote_garbage_log_file: what write-only clients would have deleted.</param>
/// <param name="Checkpoints">remote_checkpoint_file: full manifests every few commits, so a fresh machine reads few objects.</param>
public sealed record RemoteNames(string ManifestDiffs, string GcLog, string PasswordSalt, string Key, string GarbageLog, string Checkpoints)
{
    public static readonly RemoteNames Default = new("manifest_diffs", "gc_log", "salt_file", "key_file", "garbage_log", "manifest_checkpoints");

    /// <summary>Every metadata name, for checks that they differ.</summary>
    public IEnumerable<string> All => [ManifestDiffs, GcLog, PasswordSalt, Key, GarbageLog, Checkpoints];

    /// <summary>The prefix of every file object's key.</summary>
    public const string FilePrefix = "files/";
}
