using System.Runtime.InteropServices;

namespace RRBackup.Engine.Platform;

/// <summary>
/// Linux' renameat2: with RENAME_NOREPLACE a rename that fails, atomically, rather than replace an
/// existing name; with RENAME_EXCHANGE two names that swap in one step.
/// </summary>
/// <remarks>
/// .NET's File.Move without overwrite checks for the target and then renames, which leaves a window
/// in which another writer's file could be replaced; a folder cannot be moved that way at all.
/// </remarks>
internal static partial class NativeRename
{
    private const int CurrentFolder = -100; // AT_FDCWD
    private const uint NoReplace = 1; // RENAME_NOREPLACE
    private const uint Exchange = 2; // RENAME_EXCHANGE
    private const int AlreadyExists = 17; // EEXIST
    private const int InvalidArgument = 22; // EINVAL: the file system cannot honour the flag
    private const int NotImplemented = 38; // ENOSYS
    private const int NotSupported = 95; // EOPNOTSUPP

    private static volatile bool _unavailable = !OperatingSystem.IsLinux();

    /// <summary>False where the rename is known to be missing, so callers can skip work that only it makes worthwhile.</summary>
    public static bool MayBeAvailable => !_unavailable;

    /// <summary>Moves <paramref name="source"/> (a file or a folder) to <paramref name="target"/> unless that name exists.</summary>
    /// <exception cref="IOException">The rename failed for another reason; the message names both paths.</exception>
    public static RenameOutcome TryMoveWithoutReplacing(string source, string target)
    {
        if (_unavailable)
        {
            return RenameOutcome.Unsupported;
        }

        int result;
        try
        {
            result = renameat2(CurrentFolder, source, CurrentFolder, target, NoReplace);
        }
        catch (EntryPointNotFoundException)
        {
            _unavailable = true; // a C library older than glibc 2.28
            return RenameOutcome.Unsupported;
        }

        if (result == 0)
        {
            return RenameOutcome.Moved;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno switch
        {
            AlreadyExists => RenameOutcome.TargetExists,
            InvalidArgument or NotImplemented or NotSupported => RenameOutcome.Unsupported,
            _ => throw new IOException($"moving '{source}' to '{target}' failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})"),
        };
    }

    /// <summary>Swaps the names <paramref name="first"/> and <paramref name="second"/> (files or folders) in one step.</summary>
    /// <returns>False when they were not swapped, for whatever reason: this system cannot, or a name is missing.</returns>
    public static bool TryExchange(string first, string second)
    {
        if (_unavailable)
        {
            return false;
        }

        try
        {
            return renameat2(CurrentFolder, first, CurrentFolder, second, Exchange) == 0;
        }
        catch (EntryPointNotFoundException)
        {
            _unavailable = true;
            return false;
        }
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int renameat2(int oldFolder, string oldPath, int newFolder, string newPath, uint flags);
}
