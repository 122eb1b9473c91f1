using System.Reflection;
using System.Runtime.InteropServices;

namespace RRBackup.Cake;

/// <summary>
/// Lets NSec find its native libsodium when the addin is loaded by a Cake script.
/// </summary>
/// <remarks>
/// A normal application finds <c>runtimes/&lt;rid&gt;/native/libsodium.*</c> through its .deps.json. Cake's
/// <c>#r</c> and <c>#addin</c> load assemblies without one, so NSec's <c>[DllImport("libsodium")]</c> would
/// look only in NSec's own folder and the system's library path. This resolver looks, in order, in
/// <c>runtimes/&lt;rid&gt;/native/</c> beside the addin (a build output), in <c>tools/runtimes/&lt;rid&gt;/native/</c>
/// of the Cake.RRBackup package, beside NSec, and in a libsodium package installed next to NSec's (Cake's
/// Addins folder with loaddependencies=true). When it finds nothing it returns <see cref="IntPtr.Zero"/>, and
/// the runtime's usual search runs, as it does for a Frosting build.
/// </remarks>
internal static class NativeLibsodium
{
    private const string LibraryName = "libsodium";

    private static readonly Lock Gate = new();
    private static bool _registered;

    /// <summary>The file this resolver loaded libsodium from, or null if it has not (yet).</summary>
    public static string? LoadedFrom { get; private set; }

    /// <summary>Registers the resolver on NSec's assembly, once per process. Never throws.</summary>
    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (_registered)
            {
                return;
            }

            _registered = true;
            try
            {
                NativeLibrary.SetDllImportResolver(typeof(NSec.Cryptography.Key).Assembly, Resolve);
            }
            catch (InvalidOperationException)
            {
                // Someone (the host, another copy of this addin) already set a resolver for NSec: keep theirs.
            }
        }
    }

    /// <summary>Where to look for the native library, most likely first.</summary>
    internal static IEnumerable<string> CandidatePaths(string addinFolder, string nsecFolder)
    {
        var fileName = NativeFileName();
        foreach (var rid in RuntimeIdentifiers())
        {
            var relative = Path.Combine("runtimes", rid, "native", fileName);
            yield return Path.Combine(addinFolder, relative);

            // A package: lib/net10.0/RRBackup.Cake.dll and tools/runtimes/<rid>/native/.
            yield return Path.GetFullPath(Path.Combine(addinFolder, "..", "..", "tools", relative));
            yield return Path.Combine(nsecFolder, relative);

            // Cake's Addins folder: NSec.Cryptography.X/lib/net9.0/ beside libsodium.Y/runtimes/.
            var addins = Path.GetFullPath(Path.Combine(nsecFolder, "..", "..", ".."));
            if (Directory.Exists(addins))
            {
                foreach (var package in Directory.EnumerateDirectories(addins, LibraryName + "*").Order(StringComparer.Ordinal))
                {
                    yield return Path.Combine(package, relative);
                }
            }
        }
    }

    /// <summary>The runtime identifiers whose native folders fit this process, most specific first.</summary>
    internal static IReadOnlyList<string> RuntimeIdentifiers()
    {
        var arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        var ids = new List<string>();
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            ids.Add("win-" + arch);
        }
        else if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
        {
            ids.Add("osx-" + arch);
        }
        else if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            // The runtime's own id says linux-musl-x64 on Alpine; the portable id comes second.
            if (RuntimeInformation.RuntimeIdentifier.Contains("musl", StringComparison.Ordinal))
            {
                ids.Add("linux-musl-" + arch);
            }

            ids.Add("linux-" + arch);
        }

        return ids;
    }

    internal static string NativeFileName() =>
        RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "libsodium.dll"
        : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "libsodium.dylib"
        : "libsodium.so";

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != LibraryName)
        {
            return IntPtr.Zero;
        }

        var addinFolder = Path.GetDirectoryName(typeof(NativeLibsodium).Assembly.Location);
        var nsecFolder = Path.GetDirectoryName(assembly.Location);
        if (string.IsNullOrEmpty(addinFolder) || string.IsNullOrEmpty(nsecFolder))
        {
            return IntPtr.Zero;
        }

        try
        {
            foreach (var candidate in CandidatePaths(addinFolder, nsecFolder))
            {
                if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var handle))
                {
                    LoadedFrom = candidate;
                    return handle;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unreadable folder on the way: fall back to the runtime's own search.
        }

        return IntPtr.Zero;
    }
}
