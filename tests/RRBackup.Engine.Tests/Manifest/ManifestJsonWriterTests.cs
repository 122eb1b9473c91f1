using System.Text.Json;
using RRBackup.Engine.Manifest;
using RRBackup.Engine.Manifest.Json;
using RRBackup.Engine.Objects;

namespace RRBackup.Engine.Tests.Manifest;

/// <summary>Diffs and checkpoints written straight from the entries are exactly what the serializer writes for their documents, and read back whole.</summary>
[TestFixture]
public sealed class ManifestJsonWriterTests
{
    private static readonly string Hash = new('a', 64);

    [Test]
    public void A_diff_is_written_in_the_serializers_own_form_and_decodes_to_the_same_changes()
    {
        var changes = new List<ManifestChange>
        {
            ManifestChange.Added(new ManifestEntry("/docs/héllo \"quoted\" <&>.txt", 17, 1795780800000000000, Hash, "files/docs/héllo \"quoted\" <&>.txt", "1.1a2b3c4d")),
            ManifestChange.Added(new ManifestEntry("/empty", 0, -7, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", null, null)),
            ManifestChange.Changed(new ManifestEntry("/hashed", 3, 5, Hash, "files/" + new string('b', 64), "2")),
            ManifestChange.Touched(new ManifestEntry("/touched", 3, 6, Hash, "files/touched", "3")),
            ManifestChange.Moved("/old.txt", new ManifestEntry("/new.txt", 17, 8, Hash, "files/old.txt", "1.5e6f7a8b")),
            ManifestChange.Added(new ManifestEntry("/link", 0, 9, ManifestEntry.LinkSha256("../a \U0001F600"), null, null, "../a \U0001F600")),
            ManifestChange.Deleted("/gone.txt"),
        };
        var diff = new ManifestDiff(2, "1.0a0b0c0d", new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.FromHours(1)), new DateTimeOffset(2026, 11, 27, 11, 59, 59, 123, TimeSpan.Zero),
            "nightly \"é\"", new Dictionary<string, string> { ["build"] = "77", ["git"] = "" }, changes, "writer-1");

        var json = ManifestCodec.EncodeDiff(diff).ToArray();

        var canonical = JsonSerializer.SerializeToUtf8Bytes(JsonSerializer.Deserialize(json, ManifestJsonContext.Default.DiffDocument), ManifestJsonContext.Default.DiffDocument);
        Assert.That(json, Is.EqualTo(canonical));
        var decoded = ManifestCodec.DecodeDiff(json, "manifest_diffs", "v");
        Assert.That(decoded.Changes, Is.EqualTo(changes));
        Assert.That((decoded.Sequence, decoded.ParentVersionId, decoded.Time, decoded.ScanTime, decoded.Message, decoded.Writer),
            Is.EqualTo((diff.Sequence, diff.ParentVersionId, diff.Time, diff.ScanTime, diff.Message, diff.Writer)));
        Assert.That(decoded.Labels, Is.EquivalentTo(diff.Labels));
    }

    [Test]
    public void A_diff_without_message_labels_or_writer_leaves_them_out()
    {
        var diff = new ManifestDiff(1, null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, new Dictionary<string, string>(), [], null);

        var text = System.Text.Encoding.UTF8.GetString(ManifestCodec.EncodeDiff(diff));

        Assert.That(text, Is.EqualTo("{\"format\":1,\"sequence\":1,\"time\":\"1970-01-01T00:00:00+00:00\",\"scan_time\":\"1970-01-01T00:00:00+00:00\",\"changes\":[]}"));
    }

    [Test]
    public void A_gc_log_is_written_in_the_serializers_own_form_with_every_key()
    {
        string[] keys = ["files/a.txt", "files/docs/héllo \"quoted\" <&>.txt", "files/" + new string('b', 64)];

        var json = ManifestJsonWriter.GcLog(ManifestCodec.GcLogFormat, "1.0a0b0c0d", "writer-1", new DateTimeOffset(2026, 12, 8, 1, 2, 3, 456, TimeSpan.Zero), keys, 1).ToArray();

        var document = JsonSerializer.Deserialize(json, ManifestJsonContext.Default.GcLogDocument)!;
        Assert.That(json, Is.EqualTo(JsonSerializer.SerializeToUtf8Bytes(document, ManifestJsonContext.Default.GcLogDocument)));
        Assert.That((document.Format, document.Parent, document.Writer, document.Time), Is.EqualTo((ManifestCodec.GcLogFormat, "1.0a0b0c0d", "writer-1", new DateTimeOffset(2026, 12, 8, 1, 2, 3, 456, TimeSpan.Zero))));
        Assert.That(document.Keys, Is.EqualTo(keys));
    }

    [Test]
    public void A_gc_log_of_a_first_commit_leaves_out_the_parent()
    {
        var text = System.Text.Encoding.UTF8.GetString(ManifestJsonWriter.GcLog(ManifestCodec.GcLogFormat, null, "w", DateTimeOffset.UnixEpoch, [], 0));

        Assert.That(text, Is.EqualTo($"{{\"format\":{ManifestCodec.GcLogFormat},\"writer\":\"w\",\"time\":\"1970-01-01T00:00:00+00:00\",\"keys\":[]}}"));
    }

    [Test]
    public async Task A_checkpoint_is_written_in_the_serializers_own_form_and_holds_the_head_manifest()
    {
        using var fixture = new BackupFixture();
        fixture.Write("a.txt", "alpha");
        fixture.Write("empty", "");
        await fixture.CommitAsync();
        fixture.Move("a.txt", "dir/moved.txt");
        await fixture.CommitAsync();
        File.CreateSymbolicLink(Path.Combine(fixture.BasePath, "link"), "dir/moved.txt");
        await fixture.CommitAsync();
        fixture.Write("dir/é.txt", "new");
        await fixture.CommitAsync();

        var stored = await fixture.Store.GetAsync("manifest_checkpoints", null, CancellationToken.None);
        await using (stored)
        {
            await ObjectHeader.ReadExpectingAsync(stored, ObjectKind.Checkpoint, "manifest_checkpoints", null, CancellationToken.None);
            using var body = new MemoryStream();
            await stored.CopyToAsync(body);
            var json = body.ToArray();

            var document = JsonSerializer.Deserialize(json, ManifestJsonContext.Default.CheckpointDocument)!;
            Assert.That(json, Is.EqualTo(JsonSerializer.SerializeToUtf8Bytes(document, ManifestJsonContext.Default.CheckpointDocument)));
            var files = (await fixture.Engine().ListFilesAsync("latest")).Files;
            Assert.That(document.Entries.Select(e => ManifestCodec.FromDocument(e, "manifest_checkpoints", "v")), Is.EqualTo(files));
            Assert.That(document.Entries.Single(e => e.Path == "/dir/moved.txt").Key, Is.EqualTo("files/a.txt"));
            Assert.That(document.Versions.Select(v => v.Sequence), Is.EqualTo(new long[] { 1, 2, 3, 4 }));
        }
    }
}
