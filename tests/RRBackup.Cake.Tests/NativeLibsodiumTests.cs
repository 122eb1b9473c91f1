using System.Runtime.InteropServices;

namespace RRBackup.Cake.Tests;

/// <summary>Where the addin looks for native libsodium when a script loads it without a .deps.json.</summary>
[TestFixture]
public sealed class NativeLibsodiumTests
{
    [Test]
    public void The_runtime_identifiers_name_this_platform_and_architecture()
    {
        var ids = NativeLibsodium.RuntimeIdentifiers();
        var arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();

        Assert.That(ids, Is.Not.Empty);
        Assert.That(ids, Has.All.EndsWith("-" + arch));
        if (OperatingSystem.IsLinux())
        {
            Assert.That(ids[^1], Is.EqualTo("linux-" + arch));
        }
    }

    [Test]
    public void It_looks_beside_the_addin_first_then_in_the_package_tools_folder_then_beside_NSec()
    {
        var root = Path.Combine(Path.GetTempPath(), "rrbackup-no-such-folder-" + Guid.NewGuid().ToString("N"));
        var addin = Path.Combine(root, "Cake.RRBackup.1.0.0", "lib", "net10.0");
        var nsec = Path.Combine(root, "NSec.Cryptography.26.4.0", "lib", "net9.0");
        var rid = NativeLibsodium.RuntimeIdentifiers()[0];
        var file = NativeLibsodium.NativeFileName();

        var candidates = NativeLibsodium.CandidatePaths(addin, nsec).Take(3).ToList();

        Assert.That(candidates, Is.EqualTo(new[]
        {
            Path.Combine(addin, "runtimes", rid, "native", file),
            Path.Combine(root, "Cake.RRBackup.1.0.0", "tools", "runtimes", rid, "native", file),
            Path.Combine(nsec, "runtimes", rid, "native", file),
        }));
    }

    [Test]
    public void It_finds_a_libsodium_package_beside_NSec_in_Cakes_addins_folder()
    {
        var root = Path.Combine(Path.GetTempPath(), "rrbackup-addins-" + Guid.NewGuid().ToString("N"));
        try
        {
            var nsec = Path.Combine(root, "NSec.Cryptography.26.4.0", "lib", "net9.0");
            var sodium = Path.Combine(root, "libsodium.1.0.22");
            Directory.CreateDirectory(nsec);
            Directory.CreateDirectory(sodium);
            var rid = NativeLibsodium.RuntimeIdentifiers()[0];

            var candidates = NativeLibsodium.CandidatePaths(Path.Combine(root, "elsewhere"), nsec).ToList();

            Assert.That(candidates, Does.Contain(Path.Combine(sodium, "runtimes", rid, "native", NativeLibsodium.NativeFileName())));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
