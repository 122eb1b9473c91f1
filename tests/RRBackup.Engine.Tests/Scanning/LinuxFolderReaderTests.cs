using System.IO.Enumeration;
using RRBackup.Engine.Manifest;
using RRBackup.Engine.Scanning;

namespace RRBackup.Engine.Tests.Scanning;

/// <summary>The Linux folder reader sees a folder exactly as .NET's enumerator does: names, kinds, sizes and times.</summary>
[TestFixture]
[Platform("Linux")]
public sealed class LinuxFolderReaderTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [Test]
    public void It_is_available_on_this_Linux_machine() => Assert.That(LinuxFolderReader.IsAvailable, Is.True);

    [Test]
    public void Files_folders_links_and_odd_names_are_listed_as_the_managed_enumerator_lists_them()
    {
        var root = _folder.Combine("tree");
        Directory.CreateDirectory(Path.Join(root, "sub"));
        File.WriteAllText(Path.Join(root, "plain.txt"), "twelve bytes");
        File.WriteAllBytes(Path.Join(root, "émoji-\U0001F600 \n name"), new byte[5000]);
        File.WriteAllText(Path.Join(root, "empty"), "");
        File.CreateSymbolicLink(Path.Join(root, "link-to-file"), "plain.txt");
        File.CreateSymbolicLink(Path.Join(root, "link-to-folder"), "sub");
        File.CreateSymbolicLink(Path.Join(root, "dangling"), "nowhere");
        File.SetLastWriteTimeUtc(Path.Join(root, "plain.txt"), new DateTime(2031, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddTicks(1234567));
        File.SetLastWriteTimeUtc(Path.Join(root, "empty"), new DateTime(1960, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(3));

        var native = LinuxFolderReader.List(root).OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        var managed = ManagedListing(root);

        Assert.That(native, Is.EqualTo(managed));
        Assert.That(native.Single(e => e.Name == "link-to-folder").IsLink, Is.True);
        Assert.That(native.Single(e => e.Name == "sub").IsDirectory, Is.True);
    }

    [Test]
    public void A_missing_folder_fails_with_an_error_that_names_it()
    {
        var missing = _folder.Combine("missing");

        var error = Assert.Throws<IOException>(() => LinuxFolderReader.List(missing))!;

        Assert.That(error.Message, Does.Contain(missing));
    }

    [Test]
    public void A_file_is_not_a_folder_to_list()
    {
        var file = _folder.Combine("file.txt");
        File.WriteAllText(file, "x");

        Assert.Throws<IOException>(() => LinuxFolderReader.List(file));
    }

    private static List<FoundEntry> ManagedListing(string root)
    {
        var options = new EnumerationOptions { AttributesToSkip = 0, RecurseSubdirectories = false };
        var listing = new FileSystemEnumerable<FoundEntry>(root, (ref FileSystemEntry entry) =>
        {
            var isLink = (entry.Attributes & FileAttributes.ReparsePoint) != 0;
            var isDirectory = !isLink && entry.IsDirectory;
            return new FoundEntry(entry.FileName.ToString(), isLink, isDirectory, isDirectory ? 0 : entry.Length,
                isDirectory ? 0 : ManifestEntry.ToNanoseconds(entry.LastWriteTimeUtc.UtcDateTime));
        }, options);
        return [.. listing.OrderBy(e => e.Name, StringComparer.Ordinal)];
    }
}
