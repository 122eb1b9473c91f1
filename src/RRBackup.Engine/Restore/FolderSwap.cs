using RRBackup.Engine.Platform;

namespace RRBackup.Engine.Restore;

/// <summary>Swaps two folders in one step where the system can (Linux renameat2 RENAME_EXCHANGE).</summary>
internal static class FolderSwap
{
    /// <summary>Puts <paramref name="staging"/> in place of <paramref name="target"/>; afterwards the old target is at <paramref name="staging"/>.</summary>
    /// <returns>True when the swap was one atomic step; false when it took two renames (a moment without a target).</returns>
    public static bool Swap(string staging, string target)
    {
        if (NativeRename.TryExchange(staging, target))
        {
            return true;
        }

        var old = staging + ".old";
        Directory.Move(target, old);
        Directory.Move(staging, target);
        Directory.Move(old, staging);
        return false;
    }
}
