using System.Diagnostics;
using System.Globalization;
using RRBackup.MSBuild.Tests.Support;

namespace RRBackup.MSBuild.Tests.Builds;

/// <summary>
/// Packs RRBackup.MSBuild once for all real-build tests, under a version no other run uses, into a feed in a
/// temporary folder that also holds a nuget.config (the feed for RRBackup.MSBuild, nuget.org for anything
/// else) and an empty package cache, so sample projects restore exactly this package and never a cached one.
/// </summary>
[SetUpFixture]
public sealed class PackageFeed
{
    private static PackageFeed? _current;

    /// <summary>The feed of this test run.</summary>
    public static PackageFeed Current => _current ?? throw new InvalidOperationException("the package feed was not set up");

    public string Root { get; private set; } = "";

    public string Version { get; private set; } = "";

    public string Feed => Path.Combine(Root, "feed");

    public string PackagesFolder => Path.Combine(Root, "packages");

    public string Package => Path.Combine(Feed, $"RRBackup.MSBuild.{Version}.nupkg");

    /// <summary>The environment of every sample build: the run's own package cache.</summary>
    public IReadOnlyDictionary<string, string?> BuildEnvironment => new Dictionary<string, string?> { ["NUGET_PACKAGES"] = PackagesFolder };

    [OneTimeSetUp]
    public void Pack()
    {
        var clock = Stopwatch.StartNew();
        Root = Path.Combine(Path.GetTempPath(), "rrbackup-msbuild-tests-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
        Version = "0.0.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "." + Environment.ProcessId;

        // Stop MSBuild's upward search for Directory.Build.* and Directory.Packages.props at the test root.
        File.WriteAllText(Path.Combine(Root, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(Root, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(Root, "Directory.Packages.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(Root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="rrbackup-test-feed" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="rrbackup-test-feed">
                  <package pattern="RRBackup.MSBuild" />
                </packageSource>
                <packageSource key="nuget.org">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>

            """);

        // The task project was built in this configuration as the test project's reference: pack what was built.
        _current = this;
        var outcome = DotnetCommand.Run(Root,
        [
            "pack", BuildInfo.TaskProject, "--no-build", "-c", BuildInfo.Configuration, "-o", Feed,
            $"-p:Version={Version}", $"-p:NuspecOutputPath={Path.Combine(Root, "nuspec")}{Path.DirectorySeparatorChar}",
            "-nodeReuse:false", "-tl:off",
        ]);
        Assert.That(outcome.Succeeded, Is.True, $"packing RRBackup.MSBuild failed{Environment.NewLine}{outcome}");
        Assert.That(File.Exists(Package), Is.True, $"'{Package}' was not produced{Environment.NewLine}{outcome}");
        TestContext.Progress.WriteLine($"packed RRBackup.MSBuild {Version} in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [OneTimeTearDown]
    public void Remove()
    {
        _current = null;
        if (Root.Length > 0 && Environment.GetEnvironmentVariable("RRBACKUP_KEEP_TEST_FOLDERS") != "1")
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temporary folder.
            }
        }
    }
}
