using System.Runtime.InteropServices;

namespace RRBackup.Engine.Storage.Local;

/// <summary>Linux' renameat2 with RENAME_NOREPLACE: a rename that fails, atomically, rather than replace an existing name.</summary>
/// <remarks>
/// .NET's File.Move without overwrite checks for the target and then renames, which leaves a window
/// in which another writer's file could be replaced; a folder cannot be moved that way at all.
/// </remarks>
internal static partial class NativeRename
{
    private const int CurrentFolder = -100; // AT_FDCWD
    private const uint NoReplace = 1; // RENAME_NOREPLACE
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

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int renameat2(int oldFolder, string oldPath, int newFolder, string newPath, uint flags);
}
