using RRBackup.Engine.Configuration;
using RRBackup.Engine.Restore;
using RRBackup.Engine.Storage.Local;

namespace RRBackup.Engine.Tests.Objects;

/// <summary>Stores sealed by the first version of the format open, list and restore exactly.</summary>
[TestFixture]
public sealed class GoldenEncryptedStoreTests
{
    [TestCase("aegis256")]
    [TestCase("xchacha20poly1305")]
    public async Task A_version_1_encrypted_store_restores_every_file(string cipher)
    {
        using var folder = new TempFolder();
        CopyFolder(Path.Combine(TestContext.CurrentContext.TestDirectory, "Golden", $"encrypted-{cipher}-v1", "store"), folder.Combine("store"));
        File.WriteAllText(folder.Combine("configuration.ini"), "[main]\nbase_path: base\nlocal_manifest_file: cache.json\ncrypt_password: golden password\n\n[local]\npath: store\n");
        var config = ConfigurationLoader.Load(folder.Combine("configuration.ini"));
        await using var engine = new BackupEngine(config, new LocalObjectStore(folder.Combine("store")));

        var version = (await engine.ListVersionsAsync()).Single();
        await engine.DownloadAsync("label:format=1", folder.Combine("out"), DownloadOptions.Everything);

        Assert.That((version.Message, version.FileCount), Is.EqualTo(("golden", 3L)));
        var expectedTime = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        Assert.That(File.ReadAllText(folder.Combine("out", "dir", "hello.txt")), Is.EqualTo("Hello, sealed RRBackup!\n"));
        Assert.That(File.ReadAllText(folder.Combine("out", "numbers.csv")), Is.EqualTo(string.Concat(Enumerable.Range(0, 3000).Select(i => $"{i},{i * i}\n"))));
        Assert.That(File.ReadAllBytes(folder.Combine("out", "empty")), Is.Empty);
        Assert.That(File.GetLastWriteTimeUtc(folder.Combine("out", "numbers.csv")), Is.EqualTo(expectedTime));
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
