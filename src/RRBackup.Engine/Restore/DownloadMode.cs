namespace RRBackup.Engine.Restore;

/// <summary>What a download does with what is already in the target.</summary>
public enum DownloadMode
{
    /// <summary>Write the version's files over what is there; leave other files alone.</summary>
    Merge,

    /// <summary>Make the target exactly the version: extra files are removed, and files that match the stamped version are not transferred again.</summary>
    Mirror,

    /// <summary>Build the version in a staging folder beside the target, then swap it in at once: no one ever sees a half-written target.</summary>
    Atomic,
}
