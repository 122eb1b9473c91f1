using RRBackup.Engine.Storage;

namespace RRBackup.Engine.Tests.Crypto;

[TestFixture]
public sealed class KeyRingTests
{
    [Test]
    public async Task A_first_commit_interrupted_between_the_salt_and_the_key_is_finished_by_the_next()
    {
        using var fixture = new BackupFixture("crypt_password: pw");
        fixture.Adjust = c => c with { Kdf = Pipeline.PipelineTests.FastKdf };
        fixture.Write("a.txt", "alpha");
        var crashing = new FailingStore(fixture.Store, key => key == "key_file");
        await Assert.ThrowsAsync<IOException>(() => fixture.CommitAsync(store: crashing));
        Assert.That(await fixture.Store.ListVersionsAsync("salt_file", CancellationToken.None), Has.Count.EqualTo(1));

        var result = await fixture.CommitAsync();

        Assert.That(result.Sequence, Is.EqualTo(1));
        Assert.That(await fixture.Store.ListVersionsAsync("salt_file", CancellationToken.None), Has.Count.EqualTo(1), "the salt is reused, not written again");
        var target = fixture.NewFolder("restore");
        await fixture.Engine().DownloadAsync("latest", target, Engine.Restore.DownloadOptions.Everything);
        Assert.That(File.ReadAllText(Path.Combine(target, "a.txt")), Is.EqualTo("alpha"));
    }

    [Test]
    public async Task A_long_path_is_stored_under_a_hashed_key_that_fits_s3()
    {
        using var fixture = new BackupFixture();
        var deep = string.Join('/', Enumerable.Range(0, 12).Select(i => new string((char)('a' + i), 100)));
        fixture.Write(deep + "/file.txt", "deep");
        await fixture.CommitAsync();

        var entry = (await fixture.Engine().ListFilesAsync("latest")).Files.Single();

        Assert.That(entry.Path.Length, Is.GreaterThan(1024));
        Assert.That(System.Text.Encoding.UTF8.GetByteCount(entry.ObjectKey!), Is.LessThanOrEqualTo(1024));
        var target = fixture.NewFolder("restore");
        await fixture.Engine().DownloadAsync("latest", target, Engine.Restore.DownloadOptions.Everything);
        Assert.That(File.ReadAllText(Path.Combine(target, deep, "file.txt")), Is.EqualTo("deep"));
    }
}
