namespace RRBackup.Engine.Platform;

/// <summary>What <see cref="NativeRename.TryMoveWithoutReplacing"/> did.</summary>
internal enum RenameOutcome
{
    Moved,

    /// <summary>The target name exists; nothing was moved.</summary>
    TargetExists,

    /// <summary>This system or file system has no such rename; nothing was moved.</summary>
    Unsupported,
}
