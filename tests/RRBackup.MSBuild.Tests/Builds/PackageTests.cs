using System.IO.Compression;
using System.Xml.Linq;

namespace RRBackup.MSBuild.Tests.Builds;

/// <summary>What the packed RRBackup.MSBuild holds: the tasks and everything they load, and nothing a project would reference.</summary>
[TestFixture]
public sealed class PackageTests
{
    private const string Tasks = "tasks/net10.0/";

    [Test]
    public void The_package_holds_the_build_files_and_the_task_assembly_with_its_dependencies()
    {
        using var package = ZipFile.OpenRead(PackageFeed.Current.Package);
        var entries = package.Entries.Select(e => e.FullName).ToHashSet();

        Assert.That(entries, Is.SupersetOf(new[]
        {
            "build/RRBackup.MSBuild.props", "build/RRBackup.MSBuild.targets",
            "buildMultiTargeting/RRBackup.MSBuild.props", "buildMultiTargeting/RRBackup.MSBuild.targets",
            Tasks + "RRBackup.MSBuild.dll", Tasks + "RRBackup.MSBuild.deps.json", Tasks + "RRBackup.Engine.dll",
            Tasks + "NSec.Cryptography.dll", Tasks + "AWSSDK.Core.dll", Tasks + "AWSSDK.S3.dll",
            Tasks + "DotNet.Glob.dll", Tasks + "INIFileParser.dll",
            Tasks + "runtimes/linux-x64/native/libsodium.so", Tasks + "runtimes/linux-arm64/native/libsodium.so",
            Tasks + "runtimes/linux-musl-x64/native/libsodium.so", Tasks + "runtimes/osx-arm64/native/libsodium.dylib",
            Tasks + "runtimes/win-x64/native/libsodium.dll",
        }));
        Assert.That(entries.Where(e => e.StartsWith("lib/", StringComparison.Ordinal) || e.StartsWith("ref/", StringComparison.Ordinal)), Is.Empty,
            "a project that references the package gets no assembly reference");
        Assert.That(entries.Where(e => Path.GetFileName(e).StartsWith("Microsoft.Build", StringComparison.OrdinalIgnoreCase)), Is.Empty,
            "MSBuild's own assemblies come from the MSBuild that runs the tasks");

        using var deps = new StreamReader(package.GetEntry(Tasks + "RRBackup.MSBuild.deps.json")!.Open());
        var depsText = deps.ReadToEnd();
        Assert.That(depsText, Does.Contain("runtimes/linux-x64/native/libsodium.so"), "MSBuild finds libsodium through the .deps.json");
        Assert.That(depsText, Does.Not.Contain("Microsoft.Build"));
    }

    [Test]
    public void The_package_is_a_development_dependency_without_dependencies()
    {
        using var package = ZipFile.OpenRead(PackageFeed.Current.Package);
        using var reader = new StreamReader(package.GetEntry("RRBackup.MSBuild.nuspec")!.Open());
        var metadata = XDocument.Parse(reader.ReadToEnd()).Root!.Elements().Single(e => e.Name.LocalName == "metadata");

        Assert.That(metadata.Elements().Single(e => e.Name.LocalName == "developmentDependency").Value, Is.EqualTo("true"));
        Assert.That(metadata.Elements().Where(e => e.Name.LocalName == "dependencies").SelectMany(d => d.Descendants())
            .Where(e => e.Name.LocalName == "dependency"), Is.Empty);
        Assert.That(metadata.Elements().Single(e => e.Name.LocalName == "version").Value, Is.EqualTo(PackageFeed.Current.Version));
    }
}
