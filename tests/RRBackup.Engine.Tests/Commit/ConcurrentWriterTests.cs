using RRBackup.Engine.Commit;
using RRBackup.Engine.Configuration;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Restore;
using RRBackup.Engine.Storage.Local;

namespace RRBackup.Engine.Tests.Commit;

/// <summary>Two writers with their own caches commit into one store at once: one linear history, nothing acknowledged is lost.</summary>
[TestFixture]
public sealed class ConcurrentWriterTests
{
    [Test]
    public async Task Racing_writers_keep_one_linear_history_holding_every_acknowledged_commit()
    {
        using var folder = new TempFolder();
        const int commitsPerWriter = 15;
        var writers = Enumerable.Range(0, 2).Select(w => new Writer(folder, w)).ToList();

        var outcomes = await Task.WhenAll(writers.Select(w => Task.Run(() => w.CommitRepeatedlyAsync(commitsPerWriter))));

        var acknowledged = outcomes.SelectMany(o => o).ToList();
        Assert.That(acknowledged, Has.Count.GreaterThanOrEqualTo(commitsPerWriter), "most commits succeed");
        var reader = writers[0].Engine(cache: "reader");
        var history = await reader.ListVersionsAsync();
        Assert.That(history.Select(v => v.Sequence), Is.EqualTo(Enumerable.Range(1, history.Count).Select(i => (long)i)), "one linear chain");
        Assert.That(history.Skip(1).Zip(history).All(p => p.First.ParentVersionId == p.Second.VersionId), Is.True);
        Assert.That(history.Select(v => v.VersionId), Is.SupersetOf(acknowledged.Select(a => a.VersionId)), "every acknowledged commit is in the history");
        foreach (var (versionId, tree) in acknowledged.Where((_, i) => i % 3 == 0))
        {
            var target = Path.Combine(folder.Path, "restore-" + versionId);
            await reader.DownloadAsync(versionId, target, DownloadOptions.Everything);
            Assert.That(BackupFixture.ReadTree(target), Is.EqualTo(tree), versionId);
        }
    }

    private sealed class Writer(TempFolder folder, int number)
    {
        private readonly string _base = Path.Combine(folder.Path, $"base-{number}");

        public BackupEngine Engine(string? cache = null)
        {
            var text = $"[main]\nbase_path: {_base}\nlocal_manifest_file: cache-{cache ?? number.ToString(System.Globalization.CultureInfo.InvariantCulture)}/manifest.json\n\n[local]\npath: store\n";
            var configFile = Path.Combine(folder.Path, $"writer-{number}-{cache}.ini");
            File.WriteAllText(configFile, text);
            var config = ConfigurationLoader.Load(configFile);
            return new BackupEngine(config, new LocalObjectStore(((LocalStoreSettings)config.Store).Path));
        }

        public async Task<List<(string VersionId, Dictionary<string, string> Tree)>> CommitRepeatedlyAsync(int count)
        {
            Directory.CreateDirectory(_base);
            var engine = Engine();
            var acknowledged = new List<(string, Dictionary<string, string>)>();
            for (var i = 0; i < count; i++)
            {
                File.WriteAllText(Path.Combine(_base, $"writer-{number}.txt"), $"writer {number} commit {i}");
                File.WriteAllText(Path.Combine(_base, $"file-{i}.txt"), $"{number}/{i}");
                var tree = BackupFixture.ReadTree(_base);
                try
                {
                    var result = await engine.CommitAsync(CommitOptions.Default);
                    acknowledged.Add((result.VersionId!, tree));
                }
                catch (RRBackupException e) when (e.Kind == ErrorKind.Conflict)
                {
                    // Allowed: the other writer won every try.
                }
            }

            return acknowledged;
        }
    }
}
