using System.Runtime.InteropServices;

namespace RRBackup.Engine.Platform;

/// <summary>mkdir(2), which tells what .NET's Directory.CreateDirectory does not: whether this call created the folder.</summary>
internal static partial class NativeFolder
{
    private const int AlreadyExists = 17; // EEXIST
    private const int NoSuchEntry = 2; // ENOENT
    private const int Mode = 0x1FF; // 0777, narrowed by the umask as Directory.CreateDirectory's folders are

    /// <summary>Creates <paramref name="path"/>, and the folders above it if they are missing.</summary>
    /// <returns>True when this call created <paramref name="path"/>; false when it existed already.</returns>
    /// <exception cref="IOException">The folder could not be created; the message names it.</exception>
    public static bool Create(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            var existed = Directory.Exists(path);
            Directory.CreateDirectory(path);
            return !existed;
        }

        for (var attempt = 0; ; attempt++)
        {
            if (mkdir(path, Mode) == 0)
            {
                return true;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == AlreadyExists)
            {
                return false;
            }

            if (errno != NoSuchEntry || attempt > 0)
            {
                throw new IOException($"creating the folder '{path}' failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        }
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mkdir(string path, uint mode);
}
