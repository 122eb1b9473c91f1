using System.Runtime.InteropServices;

namespace RRBackup.Engine.Restore;

/// <summary>Swaps two folders in one step where the system can (Linux renameat2 RENAME_EXCHANGE).</summary>
internal static partial class FolderSwap
{
    private const int AtFdCwd = -100;
    private const uint RenameExchange = 2;

    /// <summary>Puts <paramref name="staging"/> in place of <paramref name="target"/>; afterwards the old target is at <paramref name="staging"/>.</summary>
    /// <returns>True when the swap was one atomic step; false when it took two renames (a moment without a target).</returns>
    public static bool Swap(string staging, string target)
    {
        if (OperatingSystem.IsLinux() && renameat2(AtFdCwd, staging, AtFdCwd, target, RenameExchange) == 0)
        {
            return true;
        }

        var old = staging + ".old";
        Directory.Move(target, old);
        Directory.Move(staging, target);
        Directory.Move(old, staging);
        return false;
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int renameat2(int olddirfd, string oldpath, int newdirfd, string newpath, uint flags);
}
