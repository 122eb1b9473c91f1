using System.Reflection;

namespace RRBackup.Cake.Tests.Support;

/// <summary>Where the repository, the pinned tool manifest and the addin's build output are.</summary>
public static class RepositoryPaths
{
    /// <summary>The repository root: the first folder above the test output that holds RRBackup.Tasks.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration the tests were built in (Debug, Release); the addin was built in the same one.</summary>
    public static string Configuration { get; } =
        typeof(RepositoryPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>.config/dotnet-tools.json, which pins cake.tool.</summary>
    public static string ToolManifest => Path.Combine(Root, ".config", "dotnet-tools.json");

    public static string AddinProject => Path.Combine(Root, "src", "RRBackup.Cake", "RRBackup.Cake.csproj");

    public static string EngineProject => Path.Combine(Root, "src", "RRBackup.Engine", "RRBackup.Engine.csproj");

    /// <summary>The addin's build output: RRBackup.Cake.dll with every dependency and runtimes/&lt;rid&gt;/native/.</summary>
    public static string AddinBuildFolder => Path.Combine(Root, "src", "RRBackup.Cake", "bin", Configuration, "net10.0");

    public static string AddinDll
    {
        get
        {
            var path = Path.Combine(AddinBuildFolder, "RRBackup.Cake.dll");
            if (!File.Exists(path))
            {
                Assert.Fail($"the built addin '{path}' does not exist; build tests/RRBackup.Cake.Tests first");
            }

            return path;
        }
    }

    /// <summary>Scripts/*.cake, copied beside the test assembly.</summary>
    public static string Script(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Scripts", name);

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "RRBackup.Tasks.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no RRBackup.Tasks.sln above '{AppContext.BaseDirectory}'");
    }
}
