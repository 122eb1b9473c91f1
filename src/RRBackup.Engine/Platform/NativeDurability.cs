using System.Runtime.InteropServices;

namespace RRBackup.Engine.Platform;

/// <summary>The few POSIX calls .NET does not expose: syncing a whole file system, and a folder.</summary>
internal static partial class NativeDurability
{
    private const int ReadOnly = 0;
    private const int Directory = 0x10000; // O_DIRECTORY on Linux
    private const uint SyncFileRangeWrite = 2;

    /// <summary>Makes everything written to the file system holding <paramref name="path"/> durable.</summary>
    /// <returns>False where syncfs is not available, so the caller must fsync file by file.</returns>
    public static bool TrySyncFileSystem(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        return WithFolderDescriptor(path, fd => syncfs(fd) == 0);
    }

    /// <summary>
    /// Starts writing a range of a file to disk without waiting for it (Linux' sync_file_range with
    /// SYNC_FILE_RANGE_WRITE). Only a head start for a later sync: it promises no durability, so a failure is ignored.
    /// </summary>
    public static void StartWriteback(SafeHandle file, long offset, long length)
    {
        if (OperatingSystem.IsLinux())
        {
            _ = sync_file_range((int)file.DangerousGetHandle(), offset, length, SyncFileRangeWrite);
        }
    }

    /// <summary>Makes a folder's entries (creations, renames) durable.</summary>
    public static void SyncFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // NTFS journals renames; there is no folder handle to flush.
        }

        if (!WithFolderDescriptor(path, fd => fsync(fd) == 0))
        {
            throw new IOException($"fsync of folder '{path}' failed (errno {Marshal.GetLastPInvokeError()})");
        }
    }

    private static bool WithFolderDescriptor(string path, Func<int, bool> action)
    {
        var flags = OperatingSystem.IsLinux() ? ReadOnly | Directory : ReadOnly;
        var fd = open(path, flags);
        if (fd < 0)
        {
            return false;
        }

        try
        {
            return action(fd);
        }
        finally
        {
            _ = close(fd);
        }
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int syncfs(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sync_file_range(int fd, long offset, long nbytes, uint flags);
}
