using RRBackup.Engine.Commit;
using RRBackup.Engine.Configuration;
using RRBackup.Engine.Diagnostics;
using RRBackup.Engine.Manifest;
using RRBackup.Engine.Objects;
using RRBackup.Engine.Restore;
using RRBackup.Engine.Storage;

namespace RRBackup.Engine;

/// <summary>Everything RRBackup does, for every front end: commit, list, and download.</summary>
/// <remarks>Never writes to the console and never exits: results come back as values, failures as <see cref="Errors.RRBackupException"/>.</remarks>
public sealed class BackupEngine : IAsyncDisposable
{
    private readonly BackupConfiguration _config;
    private readonly IVersionedObjectStore _store;
    private readonly ObjectCodec _codec;
    private readonly string _storeIdentity;
    private readonly IEngineLog _log;
    private readonly TimeProvider _time;

    public BackupEngine(BackupConfiguration config, IVersionedObjectStore store, IEngineLog? log = null, TimeProvider? time = null)
    {
        _config = config;
        _store = store;
        _codec = new ObjectCodec(store, config);
        _storeIdentity = StoreFactory.Identity(config.Store, config.Names);
        _log = log ?? NullEngineLog.Instance;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Opens the store the configuration names.</summary>
    public static BackupEngine Open(BackupConfiguration config, IEngineLog? log = null) =>
        new(config, StoreFactory.Create(config.Store), log);

    public BackupConfiguration Configuration => _config;

    /// <summary>Commits base_path as a new version; no version is made when nothing changed and no labels are given.</summary>
    public Task<CommitResult> CommitAsync(CommitOptions options, CancellationToken cancellationToken = default) =>
        new CommitOperation(_config, _store, _codec, _storeIdentity, _log, _time).RunAsync(options, cancellationToken);

    /// <summary>Every version, oldest first.</summary>
    public async Task<IReadOnlyList<VersionInfo>> ListVersionsAsync(CancellationToken cancellationToken = default)
    {
        var history = await LoadHistoryAsync(cancellationToken).ConfigureAwait(false);
        return history.Versions;
    }

    /// <summary>The files of a version named by a selector ('latest', an id or prefix, 'label:KEY=VALUE').</summary>
    public async Task<VersionFiles> ListFilesAsync(string selector, CancellationToken cancellationToken = default)
    {
        var history = await LoadHistoryAsync(cancellationToken).ConfigureAwait(false);
        var version = history.Resolve(selector);
        var manifest = await history.ManifestAtAsync(version, cancellationToken).ConfigureAwait(false);
        return new VersionFiles(version, manifest.SortedEntries);
    }

    /// <summary>What changed in a version, against the one before it.</summary>
    public async Task<VersionChanges> ListChangesAsync(string selector, CancellationToken cancellationToken = default)
    {
        var history = await LoadHistoryAsync(cancellationToken).ConfigureAwait(false);
        var version = history.Resolve(selector);
        var diff = await history.ReadDiffAsync(version, cancellationToken).ConfigureAwait(false);
        return new VersionChanges(version, diff.Changes);
    }

    /// <summary>Restores a version, or the part of it the options select, into <paramref name="target"/> (created if missing).</summary>
    public async Task<DownloadResult> DownloadAsync(string selector, string target, DownloadOptions options, CancellationToken cancellationToken = default)
    {
        var history = await LoadHistoryAsync(cancellationToken).ConfigureAwait(false);
        var version = history.Resolve(selector);
        var manifest = await history.ManifestAtAsync(version, cancellationToken).ConfigureAwait(false);
        return await new DownloadOperation(_codec, _store.PreferredConcurrency, _log, _time)
            .RunAsync(version, manifest, target, options, (id, ct) => ManifestOfAsync(history, id, ct), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Decodes one object copied out of the store into <paramref name="outputFile"/>, using only this configuration's password.</summary>
    public async Task<DecodedObject> DecodeAsync(string objectFile, string outputFile, CancellationToken cancellationToken = default)
    {
        try
        {
            var source = new FileStream(objectFile, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
            await using (source.ConfigureAwait(false))
            {
                var output = new FileStream(outputFile, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
                await using (output.ConfigureAwait(false))
                {
                    return await _codec.DecodeAsync(source, null, output, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Errors.Error.LocalIo(objectFile, "decoding", e);
        }
        catch (Errors.RRBackupException)
        {
            File.Delete(outputFile);
            throw;
        }
    }

    /// <summary>Rebuilds every path that has its own object, at its newest stored contents, without the manifest.</summary>
    public Task<RecoverResult> RecoverAsync(string target, CancellationToken cancellationToken = default) =>
        new RecoverOperation(_store, _codec, _log).RunAsync(target, cancellationToken);

    /// <summary>Seals the store's data key under a new password; every version stays readable with it, and the old one stops working.</summary>
    public async Task ChangePasswordAsync(string newPassword, CancellationToken cancellationToken = default)
    {
        if (_config.CommitLocked || _config.WriteOnly)
        {
            var key = _config.CommitLocked ? "commit_locked" : "write_only";
            throw new Errors.RRBackupException(Errors.ErrorCodes.CommitLocked, Errors.ErrorKind.Locked,
                $"{_config.Where("main", key)}: changing the password rewrites the key object and deletes the old one, which this client may not do");
        }

        if (string.IsNullOrEmpty(newPassword))
        {
            throw new Errors.RRBackupException(Errors.ErrorCodes.InvalidArguments, Errors.ErrorKind.Usage, "the new password must not be empty");
        }

        using var writerLock = WriterLock.Acquire(_config.LocalManifestFile);
        await _codec.ChangePasswordAsync(newPassword, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks the chosen versions (null: the latest; "--all"-style: every version) and, with <paramref name="readData"/>, every object's contents.</summary>
    public async Task<Maintenance.VerifyResult> VerifyAsync(string? selector, bool allVersions, bool readData, CancellationToken cancellationToken = default)
    {
        var history = await ManifestHistory.LoadAsync(_store, _codec, _config.Names, null, _storeIdentity, _log, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<VersionInfo> versions = allVersions ? history.Versions : [history.Resolve(selector ?? VersionSelector.Latest)];
        return await new Maintenance.VerifyOperation(_store, _codec).RunAsync(history, versions, readData, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Finds the file-object versions no version references (and that no commit in flight may still reference), and deletes them unless <paramref name="dryRun"/>.</summary>
    public async Task<Maintenance.GarbageCollectResult> GarbageCollectAsync(bool dryRun, CancellationToken cancellationToken = default)
    {
        if (_config.CommitLocked || _config.WriteOnly)
        {
            var key = _config.CommitLocked ? "commit_locked" : "write_only";
            throw new Errors.RRBackupException(Errors.ErrorCodes.WriteOnly, Errors.ErrorKind.Locked,
                $"{_config.Where("main", key)}: this client may not delete from the store; run garbage_collect from a read-write client");
        }

        using var writerLock = WriterLock.Acquire(_config.LocalManifestFile);
        var writer = WriterIdentity.LoadOrCreate(_config.LocalManifestFile);
        var unreferenced = new UnreferencedVersions(_store, _codec, _config.Names,
            ct => ManifestHistory.LoadAsync(_store, _codec, _config.Names, null, _storeIdentity, _log, ct));
        if (!dryRun)
        {
            var cleanup = new StoreCleanup(_store, _codec, _config, writer, _time);
            await GcLog.RecoverAsync(_store, _codec, _config, writer, unreferenced, cleanup, _time, _log, cancellationToken).ConfigureAwait(false);
            await GarbageLog.ProcessAsync(_store, _codec, _config.Names, unreferenced, _log, cancellationToken).ConfigureAwait(false);
        }

        var keys = new List<string>();
        await foreach (var key in _store.ListKeysAsync(RRBackup.Engine.Configuration.RemoteNames.FilePrefix, cancellationToken).ConfigureAwait(false))
        {
            keys.Add(key);
        }

        var sizes = new Dictionary<(string, string), long>();
        foreach (var key in keys)
        {
            foreach (var version in await _store.ListVersionsAsync(key, cancellationToken).ConfigureAwait(false))
            {
                sizes[(key, version.VersionId)] = version.Size;
            }
        }

        var garbage = await unreferenced.FilterAsync(sizes.Keys, new HashSet<string>(), cancellationToken).ConfigureAwait(false);
        if (!dryRun)
        {
            foreach (var (key, versionId) in garbage)
            {
                await _store.DeleteVersionAsync(key, versionId, cancellationToken).ConfigureAwait(false);
            }
        }

        return new Maintenance.GarbageCollectResult(garbage, garbage.Sum(g => sizes[g]), dryRun);
    }

    private static async Task<FileManifest?> ManifestOfAsync(ManifestHistory history, string versionId, CancellationToken cancellationToken)
    {
        var version = history.Versions.FirstOrDefault(v => v.VersionId == versionId);
        return version is null ? null : await history.ManifestAtAsync(version, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        _codec.Dispose();
        return _store.DisposeAsync();
    }

    /// <summary>Loads the history for a reading command, first checking the password against the store, even when the cache could answer alone.</summary>
    private async Task<ManifestHistory> LoadHistoryAsync(CancellationToken cancellationToken)
    {
        await _codec.CheckPasswordAsync(cancellationToken).ConfigureAwait(false);
        return await ManifestHistory.LoadAsync(_store, _codec, _config.Names, _config.LocalManifestFile, _storeIdentity, _log, cancellationToken,
            WriterIdentity.LoadOrCreate(_config.LocalManifestFile)).ConfigureAwait(false);
    }
}
