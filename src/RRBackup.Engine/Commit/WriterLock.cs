using RRBackup.Engine.Errors;

namespace RRBackup.Engine.Commit;

/// <summary>The writer's lock: one commit at a time per manifest cache, failing fast rather than waiting.</summary>
/// <remarks>An OS file lock, so a crashed process never leaves it held.</remarks>
internal sealed class WriterLock : IDisposable
{
    private readonly FileStream _stream;

    private WriterLock(FileStream stream) => _stream = stream;

    public static WriterLock Acquire(string cacheFile)
    {
        var path = cacheFile + ".lock";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            return new WriterLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None));
        }
        catch (IOException e) when (File.Exists(path))
        {
            throw new RRBackupException(ErrorCodes.WriterLockHeld, ErrorKind.Locked,
                $"another commit is running: the lock '{path}' is held; try again when it has finished", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Error.LocalIo(path, "taking the writer's lock", e);
        }
    }

    public void Dispose() => _stream.Dispose();
}
