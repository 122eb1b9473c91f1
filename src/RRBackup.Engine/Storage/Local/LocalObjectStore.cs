using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Platform;

namespace RRBackup.Engine.Storage.Local;

/// <summary>A versioned object store in a plain folder: the embedded default remote.</summary>
/// <remarks>
/// Layout: 'rrbackup-store' (a marker naming the layout version), 'tmp/' (objects being written) and
/// 'keys/KEY/~v/VERSION' (one file per version). A version is written under a temporary name and
/// linked into place under a name that cannot already exist, so a reader never sees a partial body
/// and two writers of one key never overwrite each other. Data is flushed once per barrier
/// (syncfs) rather than per object: one fsync per object costs far more than the whole copy.
/// </remarks>
public sealed class LocalObjectStore : IVersionedObjectStore
{
    private const string MarkerFileName = "rrbackup-store";
    private const string MarkerContent = "rrbackup local store, layout 1\n";
    private const int CopyBufferSize = 1 << 20;

    /// <summary>Objects up to this size are read whole into memory rather than streamed.</summary>
    private const int InMemoryReadLimit = 1 << 20;

    /// <summary>How much of an object is written before its writeback to disk is started.</summary>
    private const int WritebackStep = 8 << 20;

    private readonly string _root;
    private readonly string _keysRoot;
    private readonly string _tempRoot;
    /// <summary>
    /// Versions written since the last flush, for the flush that must sync them file by file where
    /// syncfs is missing. Kept as key and file name, strings the caller holds anyway, rather than as
    /// a new full path each: an initial backup of 200,000 files would hold some 50 MB of paths.
    /// </summary>
    private readonly ConcurrentQueue<(string Key, string FileName)> _unflushed = new();

    /// <summary>Random per store object, so that temporary names of concurrent writers never meet.</summary>
    private readonly string _temporaryPrefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
    private long _temporaryCount;
    private volatile bool _checked;

    public LocalObjectStore(string root)
    {
        _root = Path.GetFullPath(root);
        _keysRoot = Path.Combine(_root, "keys");
        _tempRoot = Path.Combine(_root, "tmp");
    }

    public string Description => $"local store '{_root}'";

    public int PreferredConcurrency => Math.Max(4, Environment.ProcessorCount * 2);

    public Task PrepareAsync(CancellationToken cancellationToken)
    {
        var marker = Path.Combine(_root, MarkerFileName);
        try
        {
            if (Directory.Exists(_root) && !File.Exists(marker) && Directory.EnumerateFileSystemEntries(_root).Any())
            {
                throw new RRBackupException(ErrorCodes.StoreNotFound, ErrorKind.Store,
                    $"{Description}: the folder exists, is not empty and is not an rrbackup store; refusing to write into it");
            }

            Directory.CreateDirectory(_keysRoot);
            Directory.CreateDirectory(_tempRoot);
            if (!File.Exists(marker))
            {
                File.WriteAllText(marker, MarkerContent);
                NativeDurability.SyncFolder(_root);
            }

            RemoveStaleTemporaryFiles();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Error.Store(Description, "prepare", _root, e);
        }

        _checked = true;
        return Task.CompletedTask;
    }

    public Task<string> PutAsync(string key, Stream content, PutDurability durability, CancellationToken cancellationToken)
    {
        EnsureStoreExists();
        return NativeRename.MayBeAvailable && CreatedKeyFolder(key)
            ? PutIntoNewKeyAsync(key, content, durability, cancellationToken)
            : PutIntoExistingKeyAsync(key, content, durability, cancellationToken);
    }

    /// <summary>Creates the key's folder, telling whether this put created it (and so whether the key is new) in one system call.</summary>
    private bool CreatedKeyFolder(string key)
    {
        try
        {
            return NativeFolder.Create(Path.GetDirectoryName(VersionsFolder(key))!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Error.Store(Description, "put", key, e);
        }
    }

    private async Task<string> PutIntoExistingKeyAsync(string key, Stream content, PutDurability durability, CancellationToken cancellationToken)
    {
        var temp = NextTemporaryPath();
        var linked = false;
        try
        {
            await WriteNewFileAsync(temp, content, durability, cancellationToken).ConfigureAwait(false);
            var version = LinkIntoPlace(key, temp, isDeleteMarker: false, durability);
            linked = true;
            return version.VersionId;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Error.Store(Description, "put", key, e);
        }
        finally
        {
            if (!linked)
            {
                TryDelete(temp);
            }
        }
    }

    /// <summary>
    /// The first version of a key whose folder this put just created: it is written straight under its
    /// version name into a new folder in tmp/, and that folder is moved into place as the key's ~v
    /// folder, without replacing one. Readers see the folder complete or not at all, and no lock or
    /// listing is needed, since the folder is known to hold nothing else; this saves most of a put's
    /// system calls on an initial backup. Should another writer create the key first, or the system
    /// lack the rename, the version is linked in the usual way.
    /// </summary>
    private async Task<string> PutIntoNewKeyAsync(string key, Stream content, PutDurability durability, CancellationToken cancellationToken)
    {
        var versionsFolder = VersionsFolder(key);
        var staging = NextTemporaryPath();
        var moved = false;
        try
        {
            Directory.CreateDirectory(staging);
            var name = LocalVersionName.Create(1, isDeleteMarker: false);
            var file = Path.Combine(staging, name.FileName);
            await WriteNewFileAsync(file, content, durability, cancellationToken).ConfigureAwait(false);
            if (NativeRename.TryMoveWithoutReplacing(staging, versionsFolder) != RenameOutcome.Moved)
            {
                return LinkIntoPlace(key, file, isDeleteMarker: false, durability).VersionId;
            }

            moved = true;
            RecordDurability(key, versionsFolder, name, created: true, durability);
            return name.VersionId;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Error.Store(Description, "put", key, e);
        }
        finally
        {
            if (!moved)
            {
                TryDeleteFolder(staging);
            }
        }
    }

    public Task<Stream> GetAsync(string key, string? versionId, CancellationToken cancellationToken)
    {
        EnsureStoreExists();
        var folder = VersionsFolder(key);
        var name = versionId is null ? LatestVersion(folder) : DataVersionNamed(versionId);
        if (name is null || name.Value.IsDeleteMarker)
        {
            throw Error.ObjectNotFound(key, versionId);
        }

        try
        {
            return Task.FromResult(OpenForReading(Path.Combine(folder, name.Value.FileName)));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw Error.ObjectNotFound(key, versionId);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Error.Store(Description, "get", key, e);
        }
    }

    public Task<IReadOnlyList<ObjectVersion>> ListVersionsAsync(string key, CancellationToken cancellationToken)
    {
        EnsureStoreExists();
        var folder = VersionsFolder(key);
        var versions = new List<ObjectVersion>();
        foreach (var name in ReadVersionNames(folder))
        {
            var info = new FileInfo(Path.Combine(folder, name.FileName));
            if (!info.Exists)
            {
                continue; // deleted while we listed
            }

            versions.Add(new ObjectVersion(key, name.VersionId, info.LastWriteTimeUtc, name.IsDeleteMarker ? 0 : info.Length, name.IsDeleteMarker));
        }

        return Task.FromResult<IReadOnlyList<ObjectVersion>>(versions);
    }

    public async IAsyncEnumerable<string> ListKeysAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        EnsureStoreExists();
        var start = StartFolderFor(prefix);
        if (!Directory.Exists(start))
        {
            yield break;
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false, AttributesToSkip = 0 };
        foreach (var folder in Directory.EnumerateDirectories(start, LocalKeyPath.VersionsFolderName, options))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = LocalKeyPath.FromRelativeFolder(Path.GetRelativePath(_keysRoot, Path.GetDirectoryName(folder)!));
            if (key.StartsWith(prefix, StringComparison.Ordinal) && ReadVersionNames(folder).Count > 0)
            {
                yield return key;
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    public Task DeleteVersionAsync(string key, string versionId, CancellationToken cancellationToken)
    {
        EnsureStoreExists();
        var folder = VersionsFolder(key);
        var name = FindVersion(folder, versionId);
        if (name is not null)
        {
            try
            {
                File.Delete(Path.Combine(folder, name.Value.FileName));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Error.Store(Description, "delete", $"{key}' version '{versionId}", e);
            }
        }

        return Task.CompletedTask;
    }

    public Task<string> PutDeleteMarkerAsync(string key, CancellationToken cancellationToken)
    {
        EnsureStoreExists();
        var temp = NextTemporaryPath();
        try
        {
            File.WriteAllBytes(temp, []);
            return Task.FromResult(LinkIntoPlace(key, temp, isDeleteMarker: true, PutDurability.AtNextFlush).VersionId);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Error.Store(Description, "put delete marker", key, e);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    public Task FlushAsync(CancellationToken cancellationToken)
    {
        EnsureStoreExists();
        try
        {
            if (NativeDurability.TrySyncFileSystem(_root))
            {
                _unflushed.Clear();
            }
            else
            {
                FlushFileByFile();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Error.Store(Description, "flush", _root, e);
        }

        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// Writes <paramref name="content"/> to a new file. Local files are written synchronously: the kernel
    /// copies into its page cache at once, and for the many small files of a backup a thread-pool
    /// round trip per write would cost more than the write. The buffer is filled before each write,
    /// so a small object takes one write call however its stream hands out its header and body.
    /// </summary>
    private static async Task WriteNewFileAsync(string path, Stream content, PutDurability durability, CancellationToken cancellationToken)
    {
        using var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None);
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            long written = 0, requested = 0;
            int filled;
            do
            {
                filled = await FillAsync(content, buffer.AsMemory(0, CopyBufferSize), cancellationToken).ConfigureAwait(false);
                RandomAccess.Write(file, buffer.AsSpan(0, filled), written);
                written += filled;
                if (written - requested >= WritebackStep)
                {
                    // The commit's single barrier then finds little left to write for a large object.
                    NativeDurability.StartWriteback(file, requested, written - requested);
                    requested = written;
                }
            }
            while (filled == CopyBufferSize); // a short fill is the end: asking again would cost a read
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (durability == PutDurability.Immediate)
        {
            RandomAccess.FlushToDisk(file);
        }
    }

    /// <returns>How many bytes were read: less than the buffer only at the end of the stream.</returns>
    private static async ValueTask<int> FillAsync(Stream content, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = await content.ReadAsync(buffer[filled..], cancellationToken).ConfigureAwait(false)) > 0)
        {
            filled += read;
        }

        return filled;
    }

    private LocalVersionName LinkIntoPlace(string key, string temp, bool isDeleteMarker, PutDurability durability)
    {
        var folder = VersionsFolder(key);
        var created = !Directory.Exists(folder);
        Directory.CreateDirectory(folder);
        LocalVersionName name;
        using (KeyLock.Acquire(folder))
        {
            // Under the key's lock no other writer can take the same sequence number, so the
            // sequence is the order in which puts completed.
            name = LocalVersionName.Create(NextSequence(folder), isDeleteMarker);
            MoveWithoutReplacing(temp, Path.Combine(folder, name.FileName));
        }

        RecordDurability(key, folder, name, created, durability);
        return name;
    }

    private static void MoveWithoutReplacing(string source, string target)
    {
        switch (NativeRename.TryMoveWithoutReplacing(source, target))
        {
            case RenameOutcome.Moved:
                return;
            case RenameOutcome.TargetExists:
                throw new IOException($"'{target}' already exists");
            default:
                File.Move(source, target, overwrite: false);
                return;
        }
    }

    /// <summary>Makes a new version durable now, or remembers it for the next flush.</summary>
    private void RecordDurability(string key, string versionsFolder, LocalVersionName name, bool created, PutDurability durability)
    {
        if (durability == PutDurability.Immediate)
        {
            MakeEntriesDurable(versionsFolder, created);
        }
        else
        {
            _unflushed.Enqueue((key, name.FileName));
        }
    }

    /// <summary>fsyncs the folder that gained the entry, and each folder above it that was just created.</summary>
    private void MakeEntriesDurable(string folder, bool created)
    {
        NativeDurability.SyncFolder(folder);
        if (!created)
        {
            return;
        }

        for (var current = Path.GetDirectoryName(folder)!; current.Length >= _root.Length; current = Path.GetDirectoryName(current)!)
        {
            NativeDurability.SyncFolder(current);
        }
    }

    private void FlushFileByFile()
    {
        var folders = new HashSet<string>(StringComparer.Ordinal);
        while (_unflushed.TryDequeue(out var version))
        {
            var path = Path.Combine(VersionsFolder(version.Key), version.FileName);
            if (File.Exists(path))
            {
                using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
                RandomAccess.FlushToDisk(handle);
            }

            for (var current = Path.GetDirectoryName(path)!; current.Length >= _root.Length && folders.Add(current); current = Path.GetDirectoryName(current)!)
            {
            }
        }

        foreach (var folder in folders)
        {
            NativeDurability.SyncFolder(folder);
        }
    }

    private static long NextSequence(string folder)
    {
        var names = ReadVersionNames(folder);
        return names.Count == 0 ? 1 : names[^1].Sequence + 1;
    }

    private static LocalVersionName? LatestVersion(string folder)
    {
        var names = ReadVersionNames(folder);
        return names.Count == 0 ? null : names[^1];
    }

    private static LocalVersionName? FindVersion(string folder, string versionId)
    {
        if (versionId.Contains('/') || versionId.Contains(Path.DirectorySeparatorChar) || versionId.StartsWith('.'))
        {
            return null;
        }

        if (File.Exists(Path.Combine(folder, versionId)) && LocalVersionName.TryParse(versionId, out var data))
        {
            return data;
        }

        var markerName = versionId + LocalVersionName.DeleteMarkerSuffix;
        if (File.Exists(Path.Combine(folder, markerName)) && LocalVersionName.TryParse(markerName, out var marker))
        {
            return marker;
        }

        return null;
    }

    /// <summary>The name a data version's file has, when <paramref name="versionId"/> can name one; whether it exists is left to the open.</summary>
    /// <remarks>Opening the file directly spares a restore one existence check per object.</remarks>
    private static LocalVersionName? DataVersionNamed(string versionId)
    {
        if (versionId.Contains('/') || versionId.Contains(Path.DirectorySeparatorChar) || versionId.StartsWith('.')
            || !LocalVersionName.TryParse(versionId, out var name) || name.IsDeleteMarker)
        {
            return null;
        }

        return name;
    }

    /// <summary>
    /// A small object is read whole into a pooled buffer and its file closed at once: most objects of a
    /// restore are small, and for them a buffered, asynchronous file stream (a large buffer per object,
    /// a thread-pool hop per read) costs more than the data.
    /// </summary>
    private static Stream OpenForReading(string path)
    {
        if (PosixFiles.IsAvailable)
        {
            using var file = PosixFiles.OpenForReading(path);
            var whole = TryReadWhole(file, path);
            if (whole is not null)
            {
                return whole;
            }
        }
        else
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
            var length = RandomAccess.GetLength(handle);
            if (length <= InMemoryReadLimit)
            {
                return ReadWhole(handle, (int)length);
            }
        }

        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, CopyBufferSize,
            FileOptions.SequentialScan | FileOptions.Asynchronous);
    }

    /// <summary>The whole object when it is smaller than <see cref="InMemoryReadLimit"/>, read to its end without asking its size first; otherwise null.</summary>
    private static PooledReadStream? TryReadWhole(SafeFileHandle file, string path)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InMemoryReadLimit);
        try
        {
            var total = 0;
            int read;
            while (total < buffer.Length && (read = PosixFiles.Read(file, buffer.AsSpan(total), path)) > 0)
            {
                total += read;
            }

            if (total < buffer.Length)
            {
                return new PooledReadStream(buffer, total);
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        ArrayPool<byte>.Shared.Return(buffer);
        return null;
    }

    private static PooledReadStream ReadWhole(SafeFileHandle handle, int length)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            var total = 0;
            int read;
            while (total < length && (read = RandomAccess.Read(handle, buffer.AsSpan(total, length - total), total)) > 0)
            {
                total += read;
            }

            return new PooledReadStream(buffer, total);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static List<LocalVersionName> ReadVersionNames(string folder)
    {
        var names = new List<LocalVersionName>();
        if (!Directory.Exists(folder))
        {
            return names;
        }

        foreach (var path in Directory.EnumerateFiles(folder))
        {
            if (LocalVersionName.TryParse(Path.GetFileName(path), out var name))
            {
                names.Add(name);
            }
        }

        names.Sort((a, b) => a.Sequence != b.Sequence ? a.Sequence.CompareTo(b.Sequence) : string.CompareOrdinal(a.VersionId, b.VersionId));
        return names;
    }

    /// <summary>A name no other put uses: 32 hex digits, a random prefix and a counter (cheaper than a new Guid each time).</summary>
    private string NextTemporaryPath() =>
        Path.Combine(_tempRoot, _temporaryPrefix + Interlocked.Increment(ref _temporaryCount).ToString("x16", CultureInfo.InvariantCulture));

    private string VersionsFolder(string key) =>
        Path.Combine(_keysRoot, LocalKeyPath.ToRelativeFolder(key), LocalKeyPath.VersionsFolderName);

    private string StartFolderFor(string prefix)
    {
        var slash = prefix.LastIndexOf('/');
        return slash <= 0 ? _keysRoot : Path.Combine(_keysRoot, LocalKeyPath.ToRelativeFolder(prefix[..slash]));
    }

    private void EnsureStoreExists()
    {
        if (_checked)
        {
            return;
        }

        if (!File.Exists(Path.Combine(_root, MarkerFileName)))
        {
            throw new RRBackupException(ErrorCodes.StoreNotFound, ErrorKind.Store,
                $"{Description} does not exist (no backup has been made into it yet)");
        }

        _checked = true;
    }

    private void RemoveStaleTemporaryFiles()
    {
        // Files left by a crashed writer; a live writer's files are younger than this.
        var cutoff = DateTime.UtcNow - TimeSpan.FromHours(1);
        foreach (var entry in new DirectoryInfo(_tempRoot).EnumerateFileSystemInfos())
        {
            if (entry.LastWriteTimeUtc >= cutoff)
            {
                continue;
            }

            if (entry is DirectoryInfo)
            {
                TryDeleteFolder(entry.FullName);
            }
            else
            {
                TryDelete(entry.FullName);
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A leftover temporary file is harmless; PrepareAsync removes stale ones.
        }
    }

    private static void TryDeleteFolder(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Never created: the put failed before it.
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless; PrepareAsync removes stale ones.
        }
    }
}
