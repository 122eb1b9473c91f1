namespace RRBackup.Engine.Diagnostics;

/// <summary>Which part of a long operation a progress report is about.</summary>
public enum ProgressPhase
{
    /// <summary>Reading new and changed files to hash them.</summary>
    Hashing,

    /// <summary>Writing file objects to the store.</summary>
    Uploading,

    /// <summary>Reading file objects and writing them to the target.</summary>
    Downloading,
}
