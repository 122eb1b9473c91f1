using RRBackup.Cli.Tests.Support;

namespace RRBackup.Cli.Tests;

/// <summary>The seed's remote_* keys rename the metadata objects, so that no default name shows in the store.</summary>
[TestFixture]
public sealed class ObfuscatedNamesTests
{
    private static readonly string[] DefaultNames = ["manifest_diffs", "gc_log", "salt_file", "key_file"];

    private CliSandbox _sandbox = null!;

    [SetUp]
    public void SetUp() => _sandbox = new CliSandbox();

    [TearDown]
    public void TearDown() => _sandbox.Dispose();

    [Test]
    public void With_renamed_metadata_objects_the_store_shows_no_default_name_and_everything_still_works()
    {
        _sandbox.WriteConfigText("""
            [main]
            base_path:                 base
            local_manifest_file:       cache/manifest.json
            crypt_password:
            commit_locked:             False
            remote_manifest_diff_file: asdfgjkll
            remote_gc_log_file:        cvbnmoytety
            remote_password_salt_file: qwertyuio

            [local]
            path: store

            """);
        _sandbox.WriteFile("/a.txt", "a\n", SourceTimes.At(1));
        _sandbox.WriteFile("/b/c.txt", "c\n", SourceTimes.At(2));
        var first = _sandbox.Commit();
        Assert.That(first.StandardError, Is.Empty, first.ToString());
        var state = _sandbox.CaptureBase();
        _sandbox.WriteFile("/d.txt", "d\n", SourceTimes.At(3));
        _sandbox.Commit();

        var names = Directory.EnumerateFileSystemEntries(_sandbox.StorePath, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(_sandbox.StorePath, p))
            .ToList();
        foreach (var name in DefaultNames)
        {
            Assert.That(names.Where(n => n.Contains(name, StringComparison.Ordinal)), Is.Empty, $"the store shows the default name '{name}'");
        }

        Assert.That(_sandbox.ListVersions(), Has.Count.EqualTo(2));
        var target = _sandbox.NewPath("restore");
        _sandbox.RunOk("download", _sandbox.ListVersions()[0].VersionId, target);
        TreeSnapshot.AssertFolderHolds(target, state, "download of version 1 with renamed metadata objects");
    }
}
