using System.Buffers.Binary;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Manifest;
using RRBackup.Engine.Restore;

namespace RRBackup.Engine.Tests.Pipeline;

/// <summary>Every way of changing a sealed object is detected, and reported naming the object.</summary>
[TestFixture]
public sealed class TamperTests
{
    private BackupFixture _fixture = null!;
    private ManifestEntry _entry = null!;
    private ManifestEntry _other = null!;

    [SetUp]
    public async Task CommitTwoSealedFiles()
    {
        _fixture = new BackupFixture("crypt_password: tamper test password");
        _fixture.Adjust = c => c with { Kdf = PipelineTests.FastKdf, Pipelines = c.Pipelines with { ChunkSize = 256 } };
        _fixture.Write("target.bin", string.Concat(Enumerable.Range(0, 400).Select(i => (char)('a' + (i * 7 % 26)))));
        _fixture.Write("other.bin", string.Concat(Enumerable.Range(0, 400).Select(i => (char)('A' + (i * 5 % 26)))));
        await _fixture.CommitAsync();
        var files = (await _fixture.Engine().ListFilesAsync("latest")).Files;
        _entry = files.Single(f => f.Path == "/target.bin");
        _other = files.Single(f => f.Path == "/other.bin");
    }

    [TearDown]
    public void DisposeFixture() => _fixture.Dispose();

    [Test]
    public Task A_flipped_byte_in_the_body_is_detected() =>
        ExpectCorruptAfterFlipAsync(bytes => bytes[^10] ^= 0x01);

    [Test]
    public Task A_changed_header_is_detected() =>
        ExpectCorruptAfterFlipAsync(bytes => bytes[HeaderLength(bytes) - 1] ^= 0x01);

    [Test]
    public Task A_truncated_body_is_detected() =>
        ExpectCorruptAsync(bytes => bytes.AsSpan(0, bytes.Length - 7).ToArray());

    [Test]
    public Task A_dropped_last_chunk_is_detected() =>
        ExpectCorruptAsync(bytes =>
        {
            var frames = Frames(bytes);
            return bytes[..frames[^1].Start];
        });

    [Test]
    public Task Two_swapped_chunks_are_detected() =>
        ExpectCorruptAsync(bytes =>
        {
            var frames = Frames(bytes);
            var (first, second) = (frames[0], frames[1]);
            return [.. bytes[..first.Start], .. bytes[second.Start..second.End], .. bytes[first.Start..first.End], .. bytes[second.End..]];
        });

    [Test]
    public Task A_chunk_marked_last_early_is_detected() =>
        ExpectCorruptAsync(bytes =>
        {
            var first = Frames(bytes)[0];
            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(first.Start));
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(first.Start), length | 0x8000_0000);
            return bytes[..first.End];
        });

    [Test]
    public async Task An_object_swapped_with_another_is_detected()
    {
        var otherBytes = await File.ReadAllBytesAsync(StoredFile(_other));

        await ExpectCorruptAsync(_ => otherBytes);
    }

    private async Task ExpectCorruptAsync(Func<byte[], byte[]> tamper)
    {
        var path = StoredFile(_entry);
        await File.WriteAllBytesAsync(path, tamper(await File.ReadAllBytesAsync(path)));

        var target = _fixture.NewFolder("restore");
        var error = await Assert.ThrowsAsync<RRBackupException>(() => _fixture.Engine().DownloadAsync("latest", target, new DownloadOptions
        {
            Include = Engine.Patterns.PathPatternList.Parse(["/target.bin"]),
        }));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.Data));
        Assert.That(error.Message, Does.Contain(_entry.ObjectKey).And.Contain(_entry.ObjectVersion));
        Assert.That(Directory.EnumerateFiles(target), Is.Empty, "nothing of a tampered object is left in the target");
    }

    private Task ExpectCorruptAfterFlipAsync(Action<byte[]> flip) =>
        ExpectCorruptAsync(bytes =>
        {
            flip(bytes);
            return bytes;
        });

    private string StoredFile(ManifestEntry entry) =>
        Directory.GetFiles(_fixture.StorePath, entry.ObjectVersion!, SearchOption.AllDirectories).Single();

    private static int HeaderLength(byte[] bytes) => 8 + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6));

    private static List<(int Start, int End)> Frames(byte[] bytes)
    {
        var frames = new List<(int, int)>();
        var position = HeaderLength(bytes);
        while (position < bytes.Length)
        {
            var length = (int)(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(position)) & 0x7FFF_FFFF);
            frames.Add((position, position + 4 + length));
            position += 4 + length;
        }

        Assert.That(frames, Has.Count.GreaterThan(1), "the test object must span several chunks");
        return frames;
    }
}
