namespace RRBackup.Engine.Errors;

/// <summary>Stable error codes, shown to users as RRB####; never renumbered.</summary>
public static class ErrorCodes
{
    public const string InvalidArguments = "RRB1001";
    public const string UnsafeTargetPath = "RRB1002";

    public const string ConfigFileMissing = "RRB2001";
    public const string ConfigSyntax = "RRB2002";
    public const string ConfigMissingKey = "RRB2003";
    public const string ConfigInvalidValue = "RRB2004";
    public const string ConfigUnknownKey = "RRB2005";
    public const string ConfigStoreSection = "RRB2006";
    public const string ConfigBasePathMissing = "RRB2007";
    public const string ConfigInvalidPattern = "RRB2008";
    public const string ConfigUnsupported = "RRB2009";

    public const string CommitLocked = "RRB3001";
    public const string WriterLockHeld = "RRB3002";
    public const string CommitConflict = "RRB3003";
    public const string WriteOnly = "RRB3004";

    public const string VersionNotFound = "RRB4001";
    public const string VersionAmbiguous = "RRB4002";
    public const string NoVersions = "RRB4003";

    public const string ObjectNotFound = "RRB5001";
    public const string ObjectCorrupt = "RRB5002";
    public const string ChainBroken = "RRB5003";
    public const string ContentMismatch = "RRB5004";
    public const string UnsupportedFormat = "RRB5005";

    public const string StoreFailure = "RRB6001";
    public const string StoreNotFound = "RRB6002";

    public const string LocalIoFailure = "RRB7001";
    public const string FileChangedDuringBackup = "RRB7002";

    public const string WrongPassword = "RRB9001";
    public const string PasswordMissing = "RRB9002";
    public const string KeyMissing = "RRB9003";
    public const string ForeignKey = "RRB9004";

    public const string CacheDiscarded = "RRB8001";
    public const string SkippedEntry = "RRB8002";
    public const string InterruptedCommitCleaned = "RRB8003";
    public const string LostRace = "RRB8004";
}
