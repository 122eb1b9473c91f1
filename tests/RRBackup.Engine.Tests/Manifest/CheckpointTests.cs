using RRBackup.Engine.Restore;
using RRBackup.Engine.Storage.Decorators;

namespace RRBackup.Engine.Tests.Manifest;

[TestFixture]
public sealed class CheckpointTests
{
    [TestCase(41)]
    [TestCase(44)]
    public async Task A_machine_without_a_cache_reads_at_most_four_objects_and_two_listings_for_the_manifest(int commits)
    {
        using var fixture = new BackupFixture();
        for (var i = 0; i < commits; i++)
        {
            fixture.Write($"dir-{i % 7}/file-{i}.txt", $"commit {i}");
            fixture.Write("changing.txt", $"changed in commit {i}");
            await fixture.CommitAsync();
        }

        File.Delete(fixture.CacheFile);
        fixture.Store.Reset();
        var versions = await fixture.Engine().ListVersionsAsync();

        Assert.That(versions, Has.Count.EqualTo(commits));
        Assert.That(versions.Select(v => v.Sequence), Is.EqualTo(Enumerable.Range(1, commits).Select(i => (long)i)));
        bool ForTheManifest(StoreOperation o) => o.Key is "manifest_diffs" or "manifest_checkpoints";
        var reads = fixture.Store.Operations.Count(o => o.Kind == StoreOperationKind.Get && ForTheManifest(o));
        var listings = fixture.Store.Operations.Count(o => o.Kind == StoreOperationKind.ListVersions && ForTheManifest(o));
        Assert.That(fixture.Store.Operations.Count(o => !ForTheManifest(o)), Is.EqualTo(1), "and one listing of the key object, to check the password");
        Assert.That(reads, Is.LessThanOrEqualTo(4));
        Assert.That(listings, Is.LessThanOrEqualTo(2));

        File.Delete(fixture.CacheFile);
        var target = fixture.NewFolder("restore");
        await fixture.Engine().DownloadAsync("latest", target, DownloadOptions.Everything);
        Assert.That(BackupFixture.ReadTree(target), Is.EqualTo(BackupFixture.ReadTree(fixture.BasePath)));
        Assert.That(await fixture.Store.ListVersionsAsync("manifest_checkpoints", CancellationToken.None), Has.Count.EqualTo(3), "old checkpoints are pruned");
    }
}
