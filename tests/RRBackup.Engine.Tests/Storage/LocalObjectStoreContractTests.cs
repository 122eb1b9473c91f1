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
}
