using System.Runtime.InteropServices;

namespace RRBackup.Engine.Scanning;

/// <summary>Tells regular files from FIFOs, sockets and devices, which .NET does not: reading those would hang or never end.</summary>
internal static partial class FileKind
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const int ModeOffset = 28; // stx_mode in struct statx, the same on every architecture
    private const int TypeMask = 0xF000;
    private const int RegularFile = 0x8000;

    /// <summary>False only when the path is known to be something other than a regular file.</summary>
    public static bool IsRegularFile(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return true;
        }

        Span<byte> buffer = stackalloc byte[256];
        if (statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            return true; // let the open that follows report the real problem
        }

        var mode = BitConverter.ToUInt16(buffer[ModeOffset..]);
        return (mode & TypeMask) == RegularFile;
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int dirfd, string path, int flags, uint mask, ref byte buffer);
}
