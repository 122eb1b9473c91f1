using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace RRBackup.Engine.Scanning;

/// <summary>
/// Lists a folder on Linux with readdir and one statx per entry relative to the folder's descriptor,
/// the way find does: .NET's enumerator stats every entry by its full path, so the kernel walks every
/// component of that path again for each file, and builds the path string first.
/// </summary>
/// <remarks>
/// statx's buffer has one layout on every architecture, and 64-bit glibc and musl share one dirent
/// layout; elsewhere (or where the call is missing or refused) <see cref="IsAvailable"/> is false and
/// the caller lists folders with .NET's enumerator.
/// </remarks>
internal static unsafe partial class LinuxFolderReader
{
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const uint StatxMode = 0x2;
    private const uint StatxMtime = 0x40;
    private const uint StatxSize = 0x200;
    private const int StatxBufferSize = 256;
    private const int StatxModeOffset = 28;
    private const int StatxSizeOffset = 40;
    private const int StatxMtimeOffset = 112;

    private const int DirentTypeOffset = 18;
    private const int DirentNameOffset = 19;
    private const byte TypeUnknown = 0;
    private const byte TypeDirectory = 4;
    private const byte TypeLink = 10;

    private const int FileTypeMask = 0xF000;
    private const int FileTypeDirectory = 0x4000;
    private const int FileTypeLink = 0xA000;

    private const int ErrorNotFound = 2;
    private const int ErrorAccess = 13;
    private const int ErrorPermission = 1;

    private static readonly Lazy<bool> s_available = new(Probe);

    public static bool IsAvailable => s_available.Value;

    /// <summary>The entries of a folder, "." and ".." left out; an entry deleted while listed is left out too.</summary>
    /// <exception cref="IOException">The folder, or an entry's status, cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">Permission to list the folder or stat an entry is denied.</exception>
    public static List<FoundEntry> List(string folder)
    {
        var directory = opendir(folder);
        if (directory == 0)
        {
            throw ErrorFor(Marshal.GetLastPInvokeError(), $"folder '{folder}' cannot be opened");
        }

        try
        {
            return ReadAll(directory, folder);
        }
        finally
        {
            _ = closedir(directory);
        }
    }

    private static List<FoundEntry> ReadAll(nint directory, string folder)
    {
        var entries = new List<FoundEntry>();
        var descriptor = dirfd(directory);
        Span<byte> status = stackalloc byte[StatxBufferSize];
        while (true)
        {
            var entry = readdir(directory);
            if (entry == null)
            {
                var error = Marshal.GetLastPInvokeError();
                return error == 0 ? entries : throw ErrorFor(error, $"folder '{folder}' cannot be listed");
            }

            var name = (byte*)entry + DirentNameOffset;
            var nameBytes = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(name);
            if (IsSelfOrParent(nameBytes))
            {
                continue;
            }

            if (ReadEntry(descriptor, name, nameBytes, *((byte*)entry + DirentTypeOffset), status, folder) is { } found)
            {
                entries.Add(found);
            }
        }
    }

    private static FoundEntry? ReadEntry(int descriptor, byte* name, ReadOnlySpan<byte> nameBytes, byte type, Span<byte> status, string folder)
    {
        if (type == TypeDirectory)
        {
            return new FoundEntry(Encoding.UTF8.GetString(nameBytes), false, true, 0, 0);
        }

        fixed (byte* buffer = status)
        {
            if (statx(descriptor, name, AtSymlinkNoFollow, StatxType | StatxMode | StatxSize | StatxMtime, buffer) != 0)
            {
                var error = Marshal.GetLastPInvokeError();
                return error == ErrorNotFound
                    ? null // deleted since it was listed: the scan sees the tree as it is now
                    : throw ErrorFor(error, $"'{Path.Join(folder, Encoding.UTF8.GetString(nameBytes))}' cannot be examined");
            }
        }

        var fileType = BinaryPrimitives.ReadUInt16LittleEndian(status[StatxModeOffset..]) & FileTypeMask;
        var isLink = fileType == FileTypeLink || (type == TypeLink && fileType == 0);
        var isDirectory = !isLink && fileType == FileTypeDirectory;
        var size = isDirectory ? 0 : (long)ReadUInt64(status, StatxSizeOffset);
        var seconds = (long)ReadUInt64(status, StatxMtimeOffset);
        var nanoseconds = BinaryPrimitives.ReadUInt32LittleEndian(status[(StatxMtimeOffset + 8)..]);
        return new FoundEntry(Encoding.UTF8.GetString(nameBytes), isLink, isDirectory, size, (seconds * 1_000_000_000) + (nanoseconds / 100 * 100));
    }

    private static ulong ReadUInt64(ReadOnlySpan<byte> status, int offset) => BinaryPrimitives.ReadUInt64LittleEndian(status[offset..]);

    private static bool IsSelfOrParent(ReadOnlySpan<byte> name) =>
        name is [(byte)'.'] or [(byte)'.', (byte)'.'];

    private static Exception ErrorFor(int error, string what) =>
        error is ErrorAccess or ErrorPermission
            ? new UnauthorizedAccessException($"{what}: permission denied")
            : new IOException($"{what} (errno {error}: {Marshal.GetPInvokeErrorMessage(error)})");

    /// <summary>Whether the calls exist and work here: a 64-bit little-endian Linux whose libc has statx and whose kernel (or sandbox) allows it.</summary>
    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess || !BitConverter.IsLittleEndian)
        {
            return false;
        }

        try
        {
            Span<byte> status = stackalloc byte[StatxBufferSize];
            fixed (byte* buffer = status)
            fixed (byte* root = "/"u8)
            {
                return statx(-100, root, AtSymlinkNoFollow, StatxType | StatxMode, buffer) == 0
                    && (BinaryPrimitives.ReadUInt16LittleEndian(status[StatxModeOffset..]) & FileTypeMask) == FileTypeDirectory;
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint opendir(string name);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int closedir(nint directory);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int dirfd(nint directory);

    [LibraryImport("libc", SetLastError = true)]
    private static partial void* readdir(nint directory);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int statx(int directoryDescriptor, byte* path, int flags, uint mask, byte* buffer);
}
