using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace RRBackup.Engine.Platform;

/// <summary>Plain POSIX file calls for the per-file hot path of a restore, on 64-bit Linux.</summary>
/// <remarks>
/// .NET's file APIs add system calls a restore of many small files pays for each file: an advisory
/// flock taken and released on every open (its emulation of FileShare), an fstat at open, an lseek
/// and an fstat before a write or a time change, an lstat before a rename. Called directly, a file
/// costs open, read or write, futimens, close and rename. The flag values and the timespec layout
/// below are those of Linux on x64 and Arm64; elsewhere callers use the .NET APIs (<see cref="IsAvailable"/>).
/// </remarks>
internal static unsafe partial class PosixFiles
{
    private const int OpenReadOnly = 0;
    private const int OpenWriteOnly = 1;
    private const int OpenCreate = 0x40;
    private const int OpenExclusive = 0x80;
    private const int OpenCloseOnExec = 0x80000;
    private const int NewFileMode = 0x1B6; // 0666: the umask applies, as for files .NET creates
    private const long TimeOmit = (1L << 30) - 2; // UTIME_OMIT: leave the access time alone
    private const int NoSuchEntry = 2;
    private const int Interrupted = 4;
    private const int AccessDenied = 13;
    private const int NotPermitted = 1;
    private const int NotADirectory = 20;

    /// <summary>Whether these calls apply: Linux on x64 or Arm64 (whose flag values and layouts these are), with libc reachable.</summary>
    public static bool IsAvailable { get; } = OperatingSystem.IsLinux()
        && (RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64)
        && LibcAnswers();

    /// <summary>Opens an existing file for reading.</summary>
    public static SafeFileHandle OpenForReading(string path) => Open(path, OpenReadOnly | OpenCloseOnExec, 0);

    /// <summary>Creates a file that must not exist yet (a link in its place counts as existing), for writing.</summary>
    public static SafeFileHandle CreateNew(string path) => Open(path, OpenWriteOnly | OpenCreate | OpenExclusive | OpenCloseOnExec, NewFileMode);

    /// <summary>Reads at the file's position; 0 at its end.</summary>
    public static int Read(SafeFileHandle file, Span<byte> buffer, string path)
    {
        fixed (byte* start = buffer)
        {
            while (true)
            {
                var read = read_(Descriptor(file), start, buffer.Length);
                if (read >= 0)
                {
                    return (int)read;
                }

                ThrowUnlessInterrupted(path);
            }
        }
    }

    /// <summary>Writes all of <paramref name="data"/> at the file's position.</summary>
    public static void Write(SafeFileHandle file, ReadOnlySpan<byte> data, string path)
    {
        fixed (byte* start = data)
        {
            var done = 0;
            while (done < data.Length)
            {
                var written = write_(Descriptor(file), start + done, data.Length - done);
                if (written >= 0)
                {
                    done += (int)written;
                    continue;
                }

                ThrowUnlessInterrupted(path);
            }
        }
    }

    /// <summary>Sets the modification time (to 100 ns, as .NET does), leaving the access time as it is.</summary>
    public static void SetModificationTime(SafeFileHandle file, DateTime utc, string path)
    {
        var sinceEpoch = utc.Ticks - DateTime.UnixEpoch.Ticks;
        var seconds = Math.DivRem(sinceEpoch, TimeSpan.TicksPerSecond, out var remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += TimeSpan.TicksPerSecond;
        }

        var times = stackalloc long[4] { 0, TimeOmit, seconds, remainder * 100 };
        if (futimens(Descriptor(file), times) != 0)
        {
            throw ErrorFor(Marshal.GetLastPInvokeError(), path);
        }
    }

    /// <summary>Renames a file over whatever file or link is at <paramref name="destination"/>.</summary>
    public static void Rename(string source, string destination)
    {
        if (rename(source, destination) != 0)
        {
            throw ErrorFor(Marshal.GetLastPInvokeError(), destination);
        }
    }

    private static SafeFileHandle Open(string path, int flags, int mode)
    {
        while (true)
        {
            var fd = open(path, flags, mode);
            if (fd >= 0)
            {
                return new SafeFileHandle(fd, ownsHandle: true);
            }

            ThrowUnlessInterrupted(path);
        }
    }

    /// <summary>A libc that cannot be loaded under this name leaves the .NET file APIs to do the work, as on other systems.</summary>
    private static bool LibcAnswers()
    {
        try
        {
            return getpid() > 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    private static int Descriptor(SafeFileHandle file) => (int)file.DangerousGetHandle();

    private static void ThrowUnlessInterrupted(string path)
    {
        var errno = Marshal.GetLastPInvokeError();
        if (errno != Interrupted)
        {
            throw ErrorFor(errno, path);
        }
    }

    /// <summary>The exception .NET's own file APIs throw for the same error, so callers' handling stays the same.</summary>
    private static Exception ErrorFor(int errno, string path)
    {
        var message = $"{Marshal.GetPInvokeErrorMessage(errno)}: '{path}'";
        return errno switch
        {
            NoSuchEntry => new FileNotFoundException(message, path),
            NotADirectory => new DirectoryNotFoundException(message),
            AccessDenied or NotPermitted => new UnauthorizedAccessException(message),
            _ => new IOException(message, errno),
        };
    }

    [LibraryImport("libc")]
    private static partial int getpid();

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint read_(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint write_(int fd, byte* buffer, nint count);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int futimens(int fd, long* times);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int rename(string oldPath, string newPath);
}
