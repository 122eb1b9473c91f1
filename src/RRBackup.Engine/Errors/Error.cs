namespace RRBackup.Engine.Errors;

/// <summary>Builds the engine's exceptions, so that messages for one kind of problem read alike.</summary>
internal static class Error
{
    public static RRBackupException Config(string code, string file, string where, string problem) =>
        new(code, ErrorKind.Configuration, $"{file}: {where}: {problem}");

    public static RRBackupException ObjectNotFound(string key, string? versionId) =>
        new(ErrorCodes.ObjectNotFound, ErrorKind.Data, $"object '{key}'{VersionSuffix(versionId)} does not exist in the store");

    public static RRBackupException Corrupt(string key, string? versionId, string problem, Exception? inner = null) =>
        new(ErrorCodes.ObjectCorrupt, ErrorKind.Data, $"object '{key}'{VersionSuffix(versionId)} is corrupt: {problem}", inner);

    public static RRBackupException Store(string storeDescription, string operation, string key, Exception inner) =>
        new(ErrorCodes.StoreFailure, ErrorKind.Store, $"{storeDescription}: {operation} '{key}' failed: {inner.Message}", inner);

    public static RRBackupException LocalIo(string path, string operation, Exception inner) =>
        new(ErrorCodes.LocalIoFailure, ErrorKind.LocalIo, $"{path}: {operation} failed: {inner.Message}", inner);

    private static string VersionSuffix(string? versionId) => versionId is null ? "" : $" version '{versionId}'";
}
