namespace RRBackup.Cake.Tests.Support;

/// <summary>The addin packed once per test run into a local feed, as Cake.RRBackup with a version of its own.</summary>
public static class AddinFeed
{
    private static readonly Lazy<AddinPackage> Packed = new(Pack, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Packs the addin on first use (from its build output, without building again) and returns the feed.</summary>
    public static AddinPackage Get() => Packed.Value;

    private static AddinPackage Pack()
    {
        // A fresh version per run: Cake installs an addin version once and reuses it after.
        var version = $"0.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}";
        var feed = Path.Combine(TestRun.Folder, "feed");
        var result = ProcessRunner.Dotnet(RepositoryPaths.Root,
            ["pack", RepositoryPaths.AddinProject, "-c", RepositoryPaths.Configuration, "--no-build", "-o", feed, $"-p:Version={version}", "--nologo"],
            TimeSpan.FromMinutes(3));
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());

        var nupkg = Path.Combine(feed, $"Cake.RRBackup.{version}.nupkg");
        Assert.That(File.Exists(nupkg), Is.True, $"'{nupkg}' was not written{Environment.NewLine}{result}");
        return new AddinPackage(feed, version, nupkg, Path.Combine(TestRun.Folder, "addins"));
    }
}

/// <param name="Feed">The local feed folder.</param>
/// <param name="Version">The package version packed for this run.</param>
/// <param name="Nupkg">The package file.</param>
/// <param name="AddinsFolder">Cake's Addins folder shared by the runs that load the package (CAKE_PATHS_ADDINS).</param>
public sealed record AddinPackage(string Feed, string Version, string Nupkg, string AddinsFolder)
{
    /// <summary>The directive that loads this package and its dependencies from the local feed.</summary>
    public string Directive => $"#addin nuget:{new Uri(Feed).AbsoluteUri}?package=Cake.RRBackup&version={Version}&loaddependencies=true";
}
