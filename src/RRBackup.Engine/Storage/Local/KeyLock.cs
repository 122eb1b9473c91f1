namespace RRBackup.Engine.Storage.Local;

/// <summary>An exclusive OS file lock on one key's versions folder, held while a version is linked in.</summary>
internal static class KeyLock
{
    private const string LockFileName = "~lock";

    public static IDisposable Acquire(string versionsFolder)
    {
        var path = Path.Combine(versionsFolder, LockFileName);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException) when (attempt < 2000 && File.Exists(path))
            {
                // Held by another writer for the few microseconds of a link: wait our turn.
                Thread.Sleep(attempt < 10 ? 0 : 1);
            }
        }
    }
}
