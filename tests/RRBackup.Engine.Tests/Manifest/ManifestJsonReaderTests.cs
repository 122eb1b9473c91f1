using RRBackup.Engine.Errors;
using RRBackup.Engine.Manifest;
using RRBackup.Engine.Manifest.Json;

namespace RRBackup.Engine.Tests.Manifest;

/// <summary>Diffs are read entry by entry with the serializer's rules: what it accepts is read, anything else is corrupt data naming the object.</summary>
[TestFixture]
public sealed class ManifestJsonReaderTests
{
    private const string Times = "\"time\":\"2026-11-27T12:00:00+00:00\",\"scan_time\":\"2026-11-27T11:59:59+00:00\"";
    private static readonly string Hash = new('a', 64);

    [Test]
    public void Unknown_properties_are_skipped_and_a_later_duplicate_wins()
    {
        var json = $"{{\"format\":1,\"sequence\":7,\"extra\":{{\"nested\":[1,{{\"a\":null}}]}},{Times},\"message\":\"first\",\"message\":\"second\"," +
                   $"\"changes\":[{{\"op\":\"add\",\"path\":\"/a\",\"size\":1,\"mtime_ns\":2,\"sha256\":\"{Hash.ToUpperInvariant()}\",\"key\":\"files/a\",\"version\":\"v\",\"later\":true}}]}}";

        var diff = ManifestCodec.DecodeDiff(System.Text.Encoding.UTF8.GetBytes(json), "manifest_diffs", "v7");

        Assert.That(diff.Sequence, Is.EqualTo(7));
        Assert.That(diff.Message, Is.EqualTo("second"));
        Assert.That(diff.Changes.Single(), Is.EqualTo(ManifestChange.Added(new ManifestEntry("/a", 1, 2, Hash, "files/a", "v"))));
    }

    [TestCase("[]", TestName = "not an object")]
    [TestCase("{\"format\":1,\"sequence\":1," + Times + ",\"changes\":[]} trailing", TestName = "text after the object")]
    [TestCase("{\"format\":1,\"sequence\":\"one\"," + Times + ",\"changes\":[]}", TestName = "a string for a number")]
    [TestCase("{\"format\":1,\"sequence\":null," + Times + ",\"changes\":[]}", TestName = "null for a number")]
    [TestCase("{\"format\":1,\"sequence\":1," + Times + ",\"changes\":{}}", TestName = "an object for the changes")]
    [TestCase("{\"format\":1,\"sequence\":1," + Times + ",\"changes\":[1]}", TestName = "a number for a change")]
    [TestCase("{\"format\":1,\"sequence\":1," + Times + ",\"changes\":[{\"op\":\"add\",\"path\":null}]}", TestName = "a null path")]
    [TestCase("{\"format\":1,\"sequence\":1," + Times + ",\"changes\":[{\"op\":\"add\",\"path\":\"/a\",\"size\":1,\"mtime_ns\":1,\"sha256\":\"" +
              "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\",\"key\":\"files/a\",\"version\":\"v\"}]}", TestName = "a hash that is not hex")]
    [TestCase("{\"format\":1,\"sequence\":1," + Times + ",\"changes\":[{\"op\":\"grow\",\"path\":\"/a\"}]}", TestName = "an unknown op")]
    [TestCase("{\"format\":1,\"sequence\":1,\"time\":\"yesterday\",\"scan_time\":\"2026-11-27T11:59:59+00:00\",\"changes\":[]}", TestName = "a time that is not a time")]
    [TestCase("{\"format\":1,\"sequence\":1," + Times + ",\"labels\":{\"a\":1},\"changes\":[]}", TestName = "a number for a label")]
    [TestCase("{\"format\":1,\"sequence\":1," + Times + ",\"changes\":[", TestName = "truncated")]
    [TestCase("{\"format\":1,\"sequence\":0," + Times + ",\"changes\":[]}", TestName = "sequence zero")]
    public void Anything_else_is_corrupt_data_that_names_the_object(string json)
    {
        var error = Assert.Throws<RRBackupException>(() => ManifestCodec.DecodeDiff(System.Text.Encoding.UTF8.GetBytes(json), "manifest_diffs", "v9"))!;

        Assert.That(error.Kind, Is.EqualTo(ErrorKind.Data));
        Assert.That(error.Message, Does.Contain("manifest_diffs").And.Contain("v9"));
    }

    [Test]
    public void Another_format_is_refused_as_unsupported()
    {
        var json = "{\"format\":2,\"sequence\":1," + Times + ",\"changes\":[{\"whatever\":\"future\"}]}";

        var error = Assert.Throws<RRBackupException>(() => ManifestCodec.DecodeDiff(System.Text.Encoding.UTF8.GetBytes(json), "manifest_diffs", "v9"))!;

        Assert.That(error.Code, Is.EqualTo(ErrorCodes.UnsupportedFormat));
    }
}
