using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;
using RRBackup.Cake.Tests.Support;

namespace RRBackup.Cake.Tests;

/// <summary>The Cake.RRBackup package and the addin project: what #addin ... loaddependencies=true needs.</summary>
[TestFixture]
public sealed class PackageTests
{
    private List<string> _entries = null!;
    private XDocument _nuspec = null!;

    [OneTimeSetUp]
    public void OpenPackage()
    {
        using var zip = ZipFile.OpenRead(AddinFeed.Get().Nupkg);
        _entries = [.. zip.Entries.Select(e => e.FullName)];
        using var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        _nuspec = XDocument.Load(nuspec);
    }

    [Test]
    public void Its_id_follows_the_Cake_convention() =>
        Assert.That(Element("id").Value, Is.EqualTo("Cake.RRBackup"));

    [Test]
    public void It_holds_the_addin_with_its_documentation_and_the_engine() =>
        Assert.That(_entries, Is.SupersetOf(new[] { "lib/net10.0/RRBackup.Cake.dll", "lib/net10.0/RRBackup.Cake.xml", "lib/net10.0/RRBackup.Engine.dll" }));

    [Test]
    public void It_does_not_carry_Cake_Core_which_Cake_supplies() =>
        Assert.That(_entries.Where(e => e.Contains("Cake.Core", StringComparison.OrdinalIgnoreCase)), Is.Empty);

    [TestCase("linux-x64", "libsodium.so")]
    [TestCase("linux-arm64", "libsodium.so")]
    [TestCase("linux-musl-x64", "libsodium.so")]
    [TestCase("osx-arm64", "libsodium.dylib")]
    [TestCase("win-x64", "libsodium.dll")]
    public void It_holds_native_libsodium_outside_the_NuGet_asset_folders(string rid, string file) =>
        Assert.That(_entries, Does.Contain($"tools/runtimes/{rid}/native/{file}"));

    [Test]
    public void It_depends_on_every_package_the_engine_uses()
    {
        var engine = XDocument.Load(RepositoryPaths.EngineProject).Descendants("PackageReference")
            .Select(p => (string?)p.Attribute("Include")).OfType<string>().ToList();
        var dependencies = _nuspec.Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(d => (string?)d.Attribute("id")).OfType<string>().ToList();

        Assert.That(engine, Is.Not.Empty);
        Assert.That(dependencies, Is.SupersetOf(engine),
            "src/RRBackup.Cake/RRBackup.Cake.csproj must list every PackageReference of src/RRBackup.Engine, or loaddependencies=true misses one");
    }

    [Test]
    public void The_addin_compiles_against_the_cake_tool_that_the_manifest_pins()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.ToolManifest));
        var pinned = manifest.RootElement.GetProperty("tools").GetProperty("cake.tool").GetProperty("version").GetString();
        var compiledAgainst = XDocument.Load(RepositoryPaths.AddinProject).Descendants("CakeToolVersion").Single().Value;

        Assert.That(compiledAgainst, Is.EqualTo(pinned));
    }

    private XElement Element(string name) => _nuspec.Descendants().First(e => e.Name.LocalName == name);
}
