using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
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
    private readonly ConcurrentQueue<string> _unflushed = new();
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

    public async Task<string> PutAsync(string key, Stream content, PutDurability durability, CancellationToken cancellationToken)
    {
        EnsureStoreExists();
        var temp = Path.Combine(_tempRoot, Guid.NewGuid().ToString("N"));
        try
        {
            await WriteTemporaryAsync(temp, content, durability, cancellationToken).ConfigureAwait(false);
            var version = LinkIntoPlace(key, temp, isDeleteMarker: false, durability);
            return version.VersionId;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Error.Store(Description, "put", key, e);
        }
        finally
        {
            TryDelete(temp);
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
        var temp = Path.Combine(_tempRoot, Guid.NewGuid().ToString("N"));
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

    private static async Task WriteTemporaryAsync(string temp, Stream content, PutDurability durability, CancellationToken cancellationToken)
    {
        var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            await CopyWithEarlyWritebackAsync(content, stream, cancellationToken).ConfigureAwait(false);
            if (durability == PutDurability.Immediate)
            {
                stream.Flush(flushToDisk: true);
            }
        }
    }

    /// <summary>
    /// Copies <paramref name="content"/> into <paramref name="file"/>, asking the kernel to start writing each
    /// <see cref="WritebackStep"/> to disk as soon as it is written. The commit's single durability barrier
    /// then finds little left to write, instead of waiting for every byte of a large commit at the end.
    /// </summary>
    private static async Task CopyWithEarlyWritebackAsync(Stream content, FileStream file, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            long written = 0, requested = 0;
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(0, CopyBufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                written += read;
                if (written - requested >= WritebackStep)
                {
                    NativeDurability.StartWriteback(file.SafeFileHandle, requested, written - requested);
                    requested = written;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
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
            File.Move(temp, Path.Combine(folder, name.FileName), overwrite: false);
        }

        if (durability == PutDurability.Immediate)
        {
            MakeEntriesDurable(folder, created);
        }
        else
        {
            _unflushed.Enqueue(Path.Combine(folder, name.FileName));
        }

        return name;
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
        while (_unflushed.TryDequeue(out var path))
        {
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
        foreach (var file in new DirectoryInfo(_tempRoot).EnumerateFiles())
        {
            if (file.LastWriteTimeUtc < cutoff)
            {
                TryDelete(file.FullName);
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
}
