using RRBackup.Engine.Errors;
using RRBackup.Engine.Manifest;

namespace RRBackup.Engine.Tests.Manifest;

/// <summary>A manifest built from entries in path order (as the cache holds them) behaves like one built by path.</summary>
[TestFixture]
public sealed class FileManifestTests
{
    private static readonly string[] Paths = ["/a", "/a/b", "/a/c", "/ab", "/b/x", "/b/y"];

    [Test]
    public void Entries_out_of_order_or_repeated_are_refused_naming_the_path()
    {
        Assert.That(() => FileManifest.FromSortedEntries([Entry("/b"), Entry("/a")]),
            Throws.TypeOf<FormatException>().With.Message.Contains("'/a'"));
        Assert.That(() => FileManifest.FromSortedEntries([Entry("/a"), Entry("/a")]),
            Throws.TypeOf<FormatException>().With.Message.Contains("'/a'"));
    }

    [TestCase("/a/", new[] { "/a/b", "/a/c" })]
    [TestCase("/a", new[] { "/a", "/a/b", "/a/c", "/ab" })]
    [TestCase("/b/y", new[] { "/b/y" })]
    [TestCase("/", new[] { "/a", "/a/b", "/a/c", "/ab", "/b/x", "/b/y" })]
    [TestCase("/0", new string[0], Description = "before every path")]
    [TestCase("/aa", new string[0], Description = "between two paths")]
    [TestCase("/z", new string[0], Description = "after every path")]
    public void The_entries_starting_with_a_prefix_are_exactly_that_range_in_order(string prefix, string[] expected)
    {
        var sorted = FileManifest.FromSortedEntries([.. Paths.Select(Entry)]);
        var byPath = FileManifest.FromEntries(Paths.Reverse().Select(Entry));

        Assert.That(sorted.SortedEntriesStartingWith(prefix).Select(e => e.Path), Is.EqualTo(expected));
        Assert.That(byPath.SortedEntriesStartingWith(prefix).Select(e => e.Path), Is.EqualTo(expected));
    }

    [Test]
    public void A_manifest_in_path_order_answers_by_path_from_many_threads_at_once()
    {
        var paths = Enumerable.Range(0, 20_000).Select(i => $"/f{i:D6}").ToArray();
        var manifest = FileManifest.FromSortedEntries([.. paths.Select(Entry)]);
        var found = 0;

        Parallel.ForEach(paths.Reverse(), new ParallelOptions { MaxDegreeOfParallelism = 8 }, path =>
        {
            if (manifest.TryGet(path, out var entry) && entry.Path == path)
            {
                Interlocked.Increment(ref found);
            }
        });

        Assert.That(found, Is.EqualTo(paths.Length));
        Assert.That(manifest.TryGet("/f999999", out _), Is.False);
    }

    [Test]
    public void Changes_to_a_manifest_in_path_order_keep_its_order_count_and_size()
    {
        var manifest = FileManifest.FromSortedEntries([.. Paths.Select(Entry)]);
        var changed = manifest.Clone();

        Assert.That(changed.TryAdd(Entry("/aa")), Is.True);
        changed.Apply(Diff(ManifestChange.Deleted("/a/b"), ManifestChange.Moved("/b/x", Entry("/0"))), "manifest_diffs", "2.x");

        Assert.That(changed.SortedEntries.Select(e => e.Path), Is.EqualTo(new[] { "/0", "/a", "/a/c", "/aa", "/ab", "/b/y" }));
        Assert.That(changed.Entries.Select(e => e.Path), Is.EquivalentTo(changed.SortedEntries.Select(e => e.Path)));
        Assert.That((changed.Count, changed.TotalBytes), Is.EqualTo((6, 6 * 10)));
        Assert.That(manifest.SortedEntries.Select(e => e.Path), Is.EqualTo(Paths), "the clone's changes stay out of the original");
        Assert.That(() => changed.Apply(Diff(ManifestChange.Added(Entry("/a"))), "manifest_diffs", "3.y"),
            Throws.TypeOf<RRBackupException>().With.Message.Contains("'/a'"));
    }

    [Test]
    public void A_clone_of_an_indexed_manifest_changes_apart_from_it()
    {
        var manifest = FileManifest.FromSortedEntries([.. Paths.Select(Entry)]);
        Assert.That(manifest.TryGet("/ab", out _), Is.True);

        var changed = manifest.Clone();
        changed.Apply(Diff(ManifestChange.Deleted("/ab"), ManifestChange.Added(Entry("/c"))), "manifest_diffs", "2.x");

        Assert.That(changed.SortedEntries.Select(e => e.Path), Is.EqualTo(new[] { "/a", "/a/b", "/a/c", "/b/x", "/b/y", "/c" }));
        Assert.That((manifest.TryGet("/ab", out _), manifest.TryGet("/c", out _)), Is.EqualTo((true, false)));
        Assert.That(manifest.SortedEntries.Select(e => e.Path), Is.EqualTo(Paths));
    }

    private static ManifestEntry Entry(string path) => new(path, 10, 1, new string('a', 64), "files" + path, "1");

    private static ManifestDiff Diff(params ManifestChange[] changes) =>
        new(2, "1.x", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, new Dictionary<string, string>(), changes);
}
