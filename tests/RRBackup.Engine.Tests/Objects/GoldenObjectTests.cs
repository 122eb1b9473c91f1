using System.Security.Cryptography;
using System.Text;
using RRBackup.Engine.Manifest;
using RRBackup.Engine.Manifest.Json;
using RRBackup.Engine.Objects;

namespace RRBackup.Engine.Tests.Objects;

/// <summary>Objects written by hand from docs/format.md decode exactly as it says.</summary>
[TestFixture]
public sealed class GoldenObjectTests
{
    private static string GoldenPath(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Golden", name);

    [Test]
    public async Task The_version_1_file_object_decodes_to_its_path_hash_and_contents()
    {
        var bytes = await File.ReadAllBytesAsync(GoldenPath("file-object-v1.bin"));
        using var stream = new MemoryStream(bytes);

        var header = await ObjectHeader.ReadAsync(stream, "golden", null, CancellationToken.None);
        var body = new byte[bytes.Length - stream.Position];
        await stream.ReadExactlyAsync(body);

        Assert.That(header.Kind, Is.EqualTo(ObjectKind.FileData));
        Assert.That(header.Compression, Is.EqualTo(CompressionAlgorithm.None));
        Assert.That(header.Encryption, Is.EqualTo(EncryptionAlgorithm.None));
        Assert.That(header.ChunkSize, Is.Null);
        Assert.That(header.Path, Is.EqualTo("/docs/héllo.txt"));
        Assert.That(Encoding.UTF8.GetString(body), Is.EqualTo("Hello, RRBackup!\n"));
        Assert.That(header.ContentSha256, Is.EqualTo(SHA256.HashData(body)));
    }

    [Test]
    public async Task Encoding_the_golden_file_header_gives_the_same_bytes()
    {
        var bytes = await File.ReadAllBytesAsync(GoldenPath("file-object-v1.bin"));
        var header = new ObjectHeader
        {
            Kind = ObjectKind.FileData,
            Path = "/docs/héllo.txt",
            ContentSha256 = SHA256.HashData("Hello, RRBackup!\n"u8),
        }.Encode();

        Assert.That(header, Is.EqualTo(bytes[..header.Length]));
    }

    [Test]
    public async Task The_version_1_manifest_diff_decodes_to_every_field()
    {
        var bytes = await File.ReadAllBytesAsync(GoldenPath("manifest-diff-v1.bin"));
        using var stream = new MemoryStream(bytes);
        var header = await ObjectHeader.ReadExpectingAsync(stream, ObjectKind.ManifestDiff, "golden", null, CancellationToken.None);
        var json = bytes[(int)stream.Position..];
        Assert.That(header.ContentSha256, Is.EqualTo(SHA256.HashData(json)));

        var diff = ManifestCodec.DecodeDiff(json, "golden", "v");

        Assert.That((diff.Sequence, diff.ParentVersionId, diff.Message), Is.EqualTo((2L, "1.0a0b0c0d", "nightly")));
        Assert.That(diff.Time, Is.EqualTo(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero)));
        Assert.That(diff.ScanTime, Is.EqualTo(new DateTimeOffset(2026, 11, 27, 11, 59, 59, TimeSpan.Zero)));
        Assert.That(diff.Labels, Is.EqualTo(new Dictionary<string, string> { ["build"] = "77" }));
        var hash = Convert.ToHexStringLower(SHA256.HashData("Hello, RRBackup!\n"u8));
        Assert.That(diff.Changes, Is.EqualTo(new[]
        {
            ManifestChange.Added(new ManifestEntry("/docs/héllo.txt", 17, 1795780800000000000, hash, "files/docs/héllo.txt", "1.1a2b3c4d")),
            ManifestChange.Added(new ManifestEntry("/empty", 0, 1795780800000000000, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", null, null)),
            ManifestChange.Moved("/old.txt", new ManifestEntry("/new.txt", 17, 1795780800000000000, hash, "files/old.txt", "1.5e6f7a8b")),
            ManifestChange.Deleted("/gone.txt"),
        }));
    }
}
