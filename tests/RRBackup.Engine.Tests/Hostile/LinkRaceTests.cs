using System.Security.Cryptography;
using System.Text;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Objects;
using RRBackup.Engine.Restore;
using RRBackup.Engine.Storage;

namespace RRBackup.Engine.Tests.Hostile;

/// <summary>
/// A hostile manifest diff that pairs links to a folder outside the target with files under those links:
/// restored in parallel, the link and the folder its file needs race for one name. Whichever wins, nothing
/// may ever be written outside the target, and the download must fail.
/// </summary>
[TestFixture]
public sealed class LinkRaceTests
{
    private const int Pairs = 64;
    private const int Runs = 40;

    [Test]
    public async Task Links_paired_with_files_under_them_never_carry_a_write_outside_the_target()
    {
        using var fixture = new BackupFixture();
        fixture.Write("a.txt", "payload");
        var first = await fixture.CommitAsync();
        var entry = (await fixture.Engine().ListFilesAsync("latest")).Files.Single();
        var outside = fixture.NewFolder("outside");
        var changes = new List<string>();
        for (var i = 0; i < Pairs; i++)
        {
            changes.Add($$"""{"op":"add","path":"/e{{i:D3}}","size":0,"mtime_ns":0,"sha256":"{{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(outside)))}}","link":"{{outside}}"}""");
            changes.Add($$"""{"op":"add","path":"/e{{i:D3}}/p{{i:D3}}.txt","size":{{entry.Size}},"mtime_ns":0,"sha256":"{{entry.Sha256}}","key":"{{entry.ObjectKey}}","version":"{{entry.ObjectVersion}}"}""");
        }

        var json = Encoding.UTF8.GetBytes(
            $$"""{"format":1,"sequence":2,"parent":"{{first.VersionId}}","time":"2026-01-01T00:00:00+00:00","scan_time":"2026-01-01T00:00:00+00:00","changes":[{{string.Join(",", changes)}}]}""");
        var header = new ObjectHeader { Kind = ObjectKind.ManifestDiff, ContentSha256 = SHA256.HashData(json) }.Encode();
        using (var stream = new MemoryStream([.. header, .. json]))
        {
            await fixture.Store.PutAsync("manifest_diffs", stream, PutDurability.Immediate, CancellationToken.None);
        }

        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (var run = 0; run < Runs; run++)
        {
            var target = fixture.NewFolder("restore-" + run);
            var outcome = "exit 0 (the download succeeded)";
            try
            {
                await fixture.Engine().DownloadAsync("latest", target, DownloadOptions.Everything);
            }
            catch (RRBackupException e)
            {
                outcome = $"{e.Code} ({e.Kind})";
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            Assert.That(Directory.EnumerateFileSystemEntries(outside), Is.Empty, $"run {run}: a file was written outside the target");
        }

        TestContext.Out.WriteLine($"{Runs} downloads of {Pairs} link/file pairs: {string.Join(", ", outcomes.Select(o => $"{o.Value} x {o.Key}"))}");
        Assert.That(outcomes.Keys, Has.None.StartWith("exit 0"), "a manifest with a file under a link must not restore");
    }
}
