using System.Text;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Objects;
using RRBackup.Engine.Restore;

namespace RRBackup.Engine.Tests.Pipeline;

[TestFixture]
public sealed class PipelineTests
{
    private const string Password = "correct horse battery staple";
    private const string Marker = "ZQXMARKERQXZ";

    private static readonly string[] Pipelines = ["", "compress", "encrypt", "compress, encrypt", "hash_names, encrypt", "encrypt, compress, hash_names"];

    [Test]
    public async Task Every_combination_of_transforms_round_trips_through_commit_and_download(
        [ValueSource(nameof(Pipelines))] string files,
        [Values("", "compress", "encrypt", "compress, encrypt")] string meta)
    {
        using var fixture = new BackupFixture($"crypt_password: {Password}\nmeta_pipeline: {meta}", $"[file_pipeline]\n*: {files}");
        fixture.Adjust = c => c with { Kdf = FastKdf, Pipelines = c.Pipelines with { ChunkSize = 1000 } };
        var tree = WriteMixedTree(fixture);
        await fixture.CommitAsync();
        fixture.Write("changed.txt", "second version");
        await fixture.CommitAsync();
        File.Delete(fixture.CacheFile);

        var target = fixture.NewFolder("restore");
        await fixture.Engine().DownloadAsync("latest", target, DownloadOptions.Everything);

        tree["/changed.txt"] = "second version";
        Assert.That(BackupFixture.ReadTree(target), Is.EqualTo(tree));
    }

    [Test]
    public async Task With_encryption_and_hashed_names_the_store_holds_no_content_or_name_in_the_clear()
    {
        using var fixture = new BackupFixture($"crypt_password: {Password}", "[file_pipeline]\n*: hash_names, compress, encrypt");
        fixture.Adjust = c => c with { Kdf = FastKdf };
        fixture.Write($"dir-{Marker}/file-{Marker}.txt", $"contents {Marker} contents");
        fixture.Write("plain.txt", string.Concat(Enumerable.Repeat($"{Marker} ", 1000)));
        await fixture.CommitAsync(new Engine.Commit.CommitOptions { Message = $"message {Marker}" });

        var marker = Encoding.UTF8.GetBytes(Marker);
        foreach (var path in Directory.EnumerateFileSystemEntries(fixture.StorePath, "*", SearchOption.AllDirectories))
        {
            Assert.That(path, Does.Not.Contain(Marker));
            if (File.Exists(path))
            {
                Assert.That(File.ReadAllBytes(path).AsSpan().IndexOf(marker), Is.EqualTo(-1), path);
            }
        }
    }

    [Test]
    public async Task With_a_password_and_no_pipeline_everything_is_compressed_and_encrypted()
    {
        using var fixture = new BackupFixture($"crypt_password: {Password}");
        fixture.Adjust = c => c with { Kdf = FastKdf };
        fixture.Write("a.txt", $"{Marker} {Marker}");
        await fixture.CommitAsync();

        var headers = await ReadHeadersAsync(fixture);

        Assert.That(headers.Select(h => (h.Kind, h.Compression, h.Encryption)), Is.EquivalentTo(new[]
        {
            (ObjectKind.FileData, CompressionAlgorithm.Brotli, EncryptionAlgorithm.Aegis256),
            (ObjectKind.ManifestDiff, CompressionAlgorithm.Brotli, EncryptionAlgorithm.Aegis256),
            (ObjectKind.Salt, CompressionAlgorithm.None, EncryptionAlgorithm.None),
            (ObjectKind.Key, CompressionAlgorithm.None, EncryptionAlgorithm.None),
        }));
    }

    [Test]
    public async Task File_pipeline_rules_apply_in_file_order_and_the_first_match_wins()
    {
        using var fixture = new BackupFixture($"crypt_password: {Password}", "[file_pipeline]\n/public/*: \n/public/secret/*: encrypt\n*: compress, encrypt");
        fixture.Adjust = c => c with { Kdf = FastKdf };
        fixture.Write("public/readme.txt", "open");
        fixture.Write("public/secret/key.txt", "still open: the earlier rule matched");
        fixture.Write("other.txt", "sealed");
        await fixture.CommitAsync();

        var headers = (await ReadHeadersAsync(fixture)).Where(h => h.Kind == ObjectKind.FileData).ToDictionary(h => h.ObjectKey ?? "files" + h.Path!);

        Assert.That(headers["files/public/readme.txt"].Encryption, Is.EqualTo(EncryptionAlgorithm.None));
        Assert.That(headers["files/public/secret/key.txt"].Encryption, Is.EqualTo(EncryptionAlgorithm.None));
        Assert.That(headers["files/other.txt"].Encryption, Is.EqualTo(EncryptionAlgorithm.Aegis256));
    }

    [Test]
    public async Task Random_data_is_stored_at_no_more_than_its_size_plus_framing_and_text_at_under_a_third()
    {
        using var fixture = new BackupFixture($"crypt_password: {Password}");
        fixture.Adjust = c => c with { Kdf = FastKdf };
        var random = new byte[8 << 20];
        new Random(7).NextBytes(random);
        File.WriteAllBytes(Path.Combine(fixture.BasePath, "random.bin"), random);
        var text = new StringBuilder();
        for (var i = 0; text.Length < 8 << 20; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i:D8} The object store keeps every version of every file; line {i % 977} says so.\n");
        }

        fixture.Write("text.txt", text.ToString());
        await fixture.CommitAsync();

        var sizes = await StoredSizesAsync(fixture);
        var chunks = (8 << 20) / (1 << 20);
        var framing = 4096 + (chunks + 1) * (4 + 1 + 32);
        Assert.That(sizes["random.bin"], Is.LessThanOrEqualTo(random.Length + framing));
        Assert.That(sizes["text.txt"], Is.LessThanOrEqualTo(text.Length * 0.30));
    }

    [Test]
    public async Task A_wrong_password_is_reported_as_such_and_not_as_corrupt_data()
    {
        using var fixture = new BackupFixture($"crypt_password: {Password}");
        fixture.Adjust = c => c with { Kdf = FastKdf };
        fixture.Write("a.txt", "alpha");
        await fixture.CommitAsync();
        File.Delete(fixture.CacheFile);
        fixture.RewriteConfig(fixture.ConfigText.Replace(Password, "not the password", StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<RRBackupException>(() => fixture.Engine().ListVersionsAsync());

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.WrongPassword));
        Assert.That(error.Message, Does.Contain("wrong password").And.Not.Contain("not the password"));
    }

    [Test]
    public async Task After_change_password_every_version_opens_with_the_new_password_only()
    {
        using var fixture = new BackupFixture($"crypt_password: {Password}");
        fixture.Adjust = c => c with { Kdf = FastKdf };
        fixture.Write("a.txt", "one");
        await fixture.CommitAsync();
        fixture.Write("a.txt", "two");
        await fixture.CommitAsync();

        await fixture.Engine().ChangePasswordAsync("the new password");

        File.Delete(fixture.CacheFile);
        var oldError = await Assert.ThrowsAsync<RRBackupException>(() => fixture.Engine().ListVersionsAsync());
        Assert.That(oldError!.Kind, Is.EqualTo(ErrorKind.WrongPassword));
        fixture.RewriteConfig(fixture.ConfigText.Replace(Password, "the new password", StringComparison.Ordinal));
        var engine = fixture.Engine();
        var versions = await engine.ListVersionsAsync();
        foreach (var (version, expected) in versions.Zip(new[] { "one", "two" }))
        {
            var target = fixture.NewFolder("restore-" + version.Sequence);
            await engine.DownloadAsync(version.VersionId, target, DownloadOptions.Everything);
            Assert.That(File.ReadAllText(Path.Combine(target, "a.txt")), Is.EqualTo(expected));
        }

        Assert.That(await fixture.Store.ListVersionsAsync("key_file", CancellationToken.None), Has.Count.EqualTo(1), "old key objects must not stay to be opened with the old password");
    }

    [Test]
    public async Task Decode_restores_a_hand_copied_object_with_only_the_configuration()
    {
        using var fixture = new BackupFixture($"crypt_password: {Password}");
        fixture.Adjust = c => c with { Kdf = FastKdf, Pipelines = c.Pipelines with { ChunkSize = 4096 } };
        var contents = string.Concat(Enumerable.Range(0, 5000).Select(i => $"{i},"));
        fixture.Write("deep/data.csv", contents);
        await fixture.CommitAsync();
        var entry = (await fixture.Engine().ListFilesAsync("latest")).Files.Single();
        var copied = Path.Combine(fixture.NewFolder("copied"), "object.bin");
        File.Copy(Directory.GetFiles(fixture.StorePath, entry.ObjectVersion!, SearchOption.AllDirectories).Single(), copied);

        var output = Path.Combine(fixture.Root, "decoded.csv");
        var decoded = await fixture.Engine().DecodeAsync(copied, output);

        Assert.That(decoded.Path, Is.EqualTo("/deep/data.csv"));
        Assert.That(File.ReadAllText(output), Is.EqualTo(contents));
    }

    [Test]
    public async Task Recover_rebuilds_files_after_the_manifest_diffs_are_lost()
    {
        using var fixture = new BackupFixture($"crypt_password: {Password}", "[file_pipeline]\n*: hash_names, compress, encrypt");
        fixture.Adjust = c => c with { Kdf = FastKdf };
        fixture.Write("a.txt", "old a");
        fixture.Write("dir/b.txt", "b");
        await fixture.CommitAsync();
        fixture.Write("a.txt", "new a");
        await fixture.CommitAsync();
        Directory.Delete(Path.Combine(fixture.StorePath, "keys", "manifest_diffs"), recursive: true);
        File.Delete(fixture.CacheFile);

        var target = fixture.NewFolder("recovered");
        var result = await fixture.Engine().RecoverAsync(target);

        Assert.That(result.Failures, Is.Empty);
        Assert.That(BackupFixture.ReadTree(target), Is.EqualTo(new Dictionary<string, string> { ["/a.txt"] = "new a", ["/dir/b.txt"] = "b" }));
    }

    internal static readonly Engine.Crypto.KdfParameters FastKdf = new(1024, 1, 1);

    private static Dictionary<string, string> WriteMixedTree(BackupFixture fixture)
    {
        var tree = new Dictionary<string, string>
        {
            ["/empty.txt"] = "",
            ["/small.txt"] = "small",
            ["/changed.txt"] = "first version",
            ["/dup-1.txt"] = "duplicate contents",
            ["/dup-2.txt"] = "duplicate contents",
            ["/exactly-one-chunk.bin"] = new string('x', 1000),
            ["/many-chunks.txt"] = string.Concat(Enumerable.Range(0, 2000).Select(i => $"row {i};")),
            ["/ünïcødé/名前.txt"] = "unicode",
        };
        foreach (var (path, contents) in tree)
        {
            fixture.Write(path[1..], contents);
        }

        return tree;
    }

    private static async Task<List<ObjectHeader>> ReadHeadersAsync(BackupFixture fixture)
    {
        var headers = new List<ObjectHeader>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(fixture.StorePath, "keys"), "*", SearchOption.AllDirectories).Where(f => !f.EndsWith("~lock", StringComparison.Ordinal)))
        {
            using var stream = File.OpenRead(file);
            headers.Add(await ObjectHeader.ReadAsync(stream, file, null, CancellationToken.None));
        }

        return headers;
    }

    private static async Task<Dictionary<string, long>> StoredSizesAsync(BackupFixture fixture)
    {
        var engine = fixture.Engine();
        var files = (await engine.ListFilesAsync("latest")).Files;
        return files.ToDictionary(
            f => f.Path[1..],
            f => new FileInfo(Directory.GetFiles(fixture.StorePath, f.ObjectVersion!, SearchOption.AllDirectories).Single()).Length);
    }
}
