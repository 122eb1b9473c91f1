namespace RRBackup.Engine.Scanning;

/// <summary>One entry of a listed folder, with what one stat told about it.</summary>
/// <param name="Name">Its name in the folder.</param>
/// <param name="IsLink">A symbolic link (recorded as a link, never followed).</param>
/// <param name="IsDirectory">A folder (never true for a link to one).</param>
/// <param name="Size">Its size in bytes; 0 for a folder.</param>
/// <param name="ModifiedNs">Its modification time in nanoseconds since the Unix epoch, to the 100 ns that .NET's times keep.</param>
internal readonly record struct FoundEntry(string Name, bool IsLink, bool IsDirectory, long Size, long ModifiedNs);
