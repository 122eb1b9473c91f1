using RRBackup.Engine.Errors;
using RRBackup.Engine.Objects;

namespace RRBackup.Engine.Tests.Objects;

[TestFixture]
public sealed class ObjectHeaderTests
{
    [Test]
    public async Task A_header_round_trips_every_field()
    {
        var header = new ObjectHeader { Kind = ObjectKind.GcLog, ChunkSize = 1 << 20, Path = "/a/ü", ContentSha256 = new byte[32] };

        var read = await ReadAsync(header.Encode());

        Assert.That(read.Kind, Is.EqualTo(ObjectKind.GcLog));
        Assert.That(read.ChunkSize, Is.EqualTo(1 << 20));
        Assert.That(read.Path, Is.EqualTo("/a/ü"));
        Assert.That(read.ContentSha256, Is.EqualTo(new byte[32]));
    }

    [Test]
    public async Task An_unknown_optional_field_is_skipped()
    {
        var bytes = WithExtraField(new ObjectHeader { Kind = ObjectKind.FileData, Path = "/x" }.Encode(), 0x40);

        var read = await ReadAsync(bytes);

        Assert.That(read.Path, Is.EqualTo("/x"));
    }

    [Test]
    public async Task An_unknown_critical_field_is_refused_as_unsupported()
    {
        var bytes = WithExtraField(new ObjectHeader { Kind = ObjectKind.FileData }.Encode(), 0xC0);

        var error = await Assert.ThrowsAsync<RRBackupException>(() => ReadAsync(bytes));

        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.UnsupportedFormat));
    }

    [Test]
    public async Task A_newer_format_version_is_refused_as_unsupported()
    {
        var bytes = new ObjectHeader { Kind = ObjectKind.FileData }.Encode();
        bytes[4] = 9;

        var error = await Assert.ThrowsAsync<RRBackupException>(() => ReadAsync(bytes));

        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.UnsupportedFormat));
        Assert.That(error.Message, Does.Contain("version 9"));
    }

    [Test]
    public async Task Bad_magic_is_reported_as_corrupt_naming_the_object()
    {
        var bytes = new ObjectHeader { Kind = ObjectKind.FileData }.Encode();
        bytes[0] = (byte)'X';

        var error = await Assert.ThrowsAsync<RRBackupException>(() => ReadAsync(bytes));

        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.ObjectCorrupt));
        Assert.That(error.Message, Does.Contain("'the-key'").And.Contain("'the-version'"));
    }

    [Test]
    public async Task A_truncated_header_is_reported_as_corrupt()
    {
        var bytes = new ObjectHeader { Kind = ObjectKind.FileData, Path = "/long/enough" }.Encode();

        var error = await Assert.ThrowsAsync<RRBackupException>(() => ReadAsync(bytes[..^3]));

        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.ObjectCorrupt));
        Assert.That(error.Message, Does.Contain("truncated"));
    }

    [Test]
    public async Task An_object_of_another_kind_is_refused()
    {
        var bytes = new ObjectHeader { Kind = ObjectKind.GcLog }.Encode();
        using var stream = new MemoryStream(bytes);

        var error = await Assert.ThrowsAsync<RRBackupException>(() => ObjectHeader.ReadExpectingAsync(stream, ObjectKind.ManifestDiff, "k", "v", CancellationToken.None));

        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.ObjectCorrupt));
    }

    private static async Task<ObjectHeader> ReadAsync(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return await ObjectHeader.ReadAsync(stream, "the-key", "the-version", CancellationToken.None);
    }

    private static byte[] WithExtraField(byte[] header, byte tag)
    {
        byte[] field = [tag, 2, 0, 0xAB, 0xCD];
        var result = new byte[header.Length + field.Length];
        header.CopyTo(result, 0);
        field.CopyTo(result, header.Length);
        var length = (ushort)(BitConverter.ToUInt16(header, 6) + field.Length);
        BitConverter.GetBytes(length).CopyTo(result, 6);
        return result;
    }
}
