namespace RRBackup.Engine.Objects;

/// <summary>What a stored object holds; byte 5 of every object header.</summary>
public enum ObjectKind : byte
{
    /// <summary>The contents of one backed-up file.</summary>
    FileData = 1,

    /// <summary>One version of the manifest diff key: the changes of one commit.</summary>
    ManifestDiff = 2,

    /// <summary>The list of keys a commit in flight is about to write.</summary>
    GcLog = 3,

    /// <summary>The key-derivation salt and parameters (remote_password_salt_file).</summary>
    Salt = 4,

    /// <summary>The data key, wrapped under the key derived from the password (remote_key_file).</summary>
    Key = 5,

    /// <summary>Object versions a write-only client would have deleted (remote_garbage_log_file).</summary>
    GarbageLog = 6,

    /// <summary>The full manifest and version list at one version (remote_checkpoint_file).</summary>
    Checkpoint = 7,
}
