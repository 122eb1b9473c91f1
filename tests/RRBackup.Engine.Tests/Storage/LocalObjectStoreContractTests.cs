using RRBackup.Engine.Errors;
using RRBackup.Engine.Storage;
using RRBackup.Engine.Storage.Local;

namespace RRBackup.Engine.Tests.Storage;

[TestFixture]
public sealed class LocalObjectStoreContractTests : VersionedObjectStoreContract
{
    private TempFolder _folder = null!;

    protected override Task<IVersionedObjectStore> CreateStoreAsync()
    {
        _folder = new TempFolder();
        return Task.FromResult<IVersionedObjectStore>(new LocalObjectStore(_folder.Combine("store")));
    }

    protected override Task DestroyStoreAsync(IVersionedObjectStore store)
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

    [Test]
    public async Task Reading_a_delete_marker_by_its_id_is_object_not_found()
    {
        await PutAsync("key", "one");
        var marker = await Store.PutDeleteMarkerAsync("key", CancellationToken.None);

        var error = await Assert.ThrowsAsync<RRBackupException>(() => Store.GetAsync("key", marker, CancellationToken.None));

        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.ObjectNotFound));
    }
}
