namespace RRBackup.Engine.Errors;

/// <summary>What kind of failure an error is; each front end maps a kind to its own signal (exit code, build error).</summary>
public enum ErrorKind
{
    /// <summary>The command line or task parameters are wrong.</summary>
    Usage,

    /// <summary>The configuration file is missing or wrong.</summary>
    Configuration,

    /// <summary>Writing is refused: commit_locked is set, or another commit holds the lock.</summary>
    Locked,

    /// <summary>A named version does not exist or is ambiguous.</summary>
    VersionNotFound,

    /// <summary>Stored data is missing, corrupt, or inconsistent.</summary>
    Data,

    /// <summary>The store failed or could not be reached.</summary>
    Store,

    /// <summary>A local file or folder could not be read or written.</summary>
    LocalIo,

    /// <summary>Another writer's commit won the race for the same parent, every time this commit tried.</summary>
    Conflict,

    /// <summary>The password does not open the store's key.</summary>
    WrongPassword,
}
