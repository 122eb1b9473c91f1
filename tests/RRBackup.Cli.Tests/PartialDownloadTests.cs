using System.Text;
using RRBackup.Cli.Tests.Support;

namespace RRBackup.Cli.Tests;

/// <summary>`rrbackup download VERSION TARGET [FILTER_FILE] [--include P]... [--exclude P]...`: what lands in TARGET.</summary>
[TestFixture]
public sealed class PartialDownloadTests
{
    private CliSandbox _sandbox = null!;
    private SortedDictionary<string, FileState> _version = null!;

    [SetUp]
    public void SetUp()
    {
        _sandbox = new CliSandbox();
        _sandbox.WriteConfig();
        _sandbox.WriteFile("/a/b.txt", "bee\n", SourceTimes.At(1));
        _sandbox.WriteFile("/a/c.txt", "sea\n", SourceTimes.At(2));
        _sandbox.WriteFile("/a/deeper/d.log", "a log deep down\n", SourceTimes.At(3));
        _sandbox.WriteFile("/a/b.txt.bak", "not /a/b.txt\n", SourceTimes.At(4));
        _sandbox.WriteFile("/docs/guide.md", "# Guide\n", SourceTimes.At(5));
        _sandbox.WriteFile("/docs/img/logo.bin", [0, 1, 2, 3, 255, 254, 0, 0, 10, 13], SourceTimes.At(6));
        _sandbox.WriteFile("/top.log", "a log at the top\n", SourceTimes.At(7));
        _sandbox.WriteFile("/top.txt", "top\n", SourceTimes.At(8));
        _sandbox.WriteFile("/ünïcode/naïve file.txt", "naïve\n", SourceTimes.At(9));
        _sandbox.WriteFile("/empty", [], SourceTimes.At(10));
        _sandbox.Commit();
        _version = _sandbox.CaptureBase();
    }

    [TearDown]
    public void TearDown() => _sandbox.Dispose();

    [Test]
    public void An_include_of_one_file_restores_only_that_file()
    {
        var target = _sandbox.NewPath("restore");

        _sandbox.RunOk("download", "latest", target, "--include", "/a/b.txt");

        TreeSnapshot.AssertFolderHolds(target, Only(p => p == "/a/b.txt"), "--include /a/b.txt");
    }

    [Test]
    public void An_include_of_a_folder_restores_everything_below_it()
    {
        var target = _sandbox.NewPath("restore");

        _sandbox.RunOk("download", "latest", target, "--include", "/docs");

        TreeSnapshot.AssertFolderHolds(target, Only(p => p.StartsWith("/docs/", StringComparison.Ordinal)), "--include /docs");
    }

    [Test]
    public void Repeated_includes_restore_every_file_any_of_them_matches()
    {
        var target = _sandbox.NewPath("restore");

        _sandbox.RunOk("download", "latest", target, "--include", "/ünïcode/naïve file.txt", "--include", "/empty", "--include", "/top.txt");

        TreeSnapshot.AssertFolderHolds(target, Only(p => p is "/ünïcode/naïve file.txt" or "/empty" or "/top.txt"), "three includes");
    }

    [Test]
    public void Excludes_leave_out_matching_files_at_any_depth_and_whole_folders()
    {
        var target = _sandbox.NewPath("restore");

        _sandbox.RunOk("download", "latest", target, "--exclude", "*.log", "--exclude", "/docs");

        TreeSnapshot.AssertFolderHolds(target, Only(p => !p.EndsWith(".log", StringComparison.Ordinal) && !p.StartsWith("/docs/", StringComparison.Ordinal)),
            "--exclude *.log --exclude /docs");
    }

    [Test]
    public void An_include_and_an_exclude_together_restore_what_the_include_matches_less_what_the_exclude_matches()
    {
        var target = _sandbox.NewPath("restore");

        _sandbox.RunOk("download", "latest", target, "--include", "/a", "--exclude", "*.log");

        TreeSnapshot.AssertFolderHolds(target, Only(p => p is "/a/b.txt" or "/a/c.txt" or "/a/b.txt.bak"), "--include /a --exclude *.log");
    }

    [Test]
    public void A_filter_file_lists_patterns_of_files_not_to_download()
    {
        File.WriteAllText(Path.Combine(_sandbox.Root, "filter.txt"), "# files not to restore\n\n/docs\n   *.log  \n/a/b.txt\n", new UTF8Encoding(false));
        var target = _sandbox.NewPath("restore");

        _sandbox.RunOk("download", "latest", "restore", "filter.txt");

        TreeSnapshot.AssertFolderHolds(target,
            Only(p => !p.EndsWith(".log", StringComparison.Ordinal) && !p.StartsWith("/docs/", StringComparison.Ordinal) && p != "/a/b.txt"),
            "filter file excluding /docs, *.log and /a/b.txt");
    }

    [Test]
    public void A_filter_file_and_an_include_combine()
    {
        File.WriteAllText(Path.Combine(_sandbox.Root, "filter.txt"), "*.log\n", new UTF8Encoding(false));
        var target = _sandbox.NewPath("restore");

        _sandbox.RunOk("download", "latest", "restore", "filter.txt", "--include", "/a");

        TreeSnapshot.AssertFolderHolds(target, Only(p => p is "/a/b.txt" or "/a/c.txt" or "/a/b.txt.bak"), "filter file *.log with --include /a");
    }

    [Test]
    public void A_filter_file_that_does_not_exist_is_a_usage_error_and_nothing_is_downloaded()
    {
        var target = _sandbox.NewPath("restore");

        _sandbox.RunFailing(2, ["download", "latest", target, "missing-filter.txt"], Path.Combine(_sandbox.Root, "missing-filter.txt"));

        Assert.That(Path.Exists(target), Is.False);
    }

    [Test]
    public void Download_creates_a_missing_target_and_its_missing_parents()
    {
        var target = Path.Combine(_sandbox.NewPath("not"), "there", "yet");

        _sandbox.RunOk("download", "latest", target);

        TreeSnapshot.AssertFolderHolds(target, _version, "download into a new nested target");
    }

    [Test]
    public void Download_overwrites_the_files_the_version_holds_and_leaves_other_files_in_the_target_alone()
    {
        var target = _sandbox.NewPath("restore");
        var longer = Encoding.UTF8.GetBytes("this local copy is much longer than the backed-up one\n");
        CliSandbox.WriteFileUnder(target, "/a/b.txt", longer, SourceTimes.At(50));
        CliSandbox.WriteFileUnder(target, "/empty", "not empty here"u8.ToArray(), SourceTimes.At(51));
        CliSandbox.WriteFileUnder(target, "/a/local-only.txt", "mine\n"u8.ToArray(), SourceTimes.At(52));
        CliSandbox.WriteFileUnder(target, "/unrelated/notes.md", "also mine\n"u8.ToArray(), SourceTimes.At(53));
        var expected = new SortedDictionary<string, FileState>(_version, StringComparer.Ordinal)
        {
            ["/a/local-only.txt"] = new("mine\n"u8.ToArray(), SourceTimes.At(52)),
            ["/unrelated/notes.md"] = new("also mine\n"u8.ToArray(), SourceTimes.At(53)),
        };

        _sandbox.RunOk("download", "latest", "restore");

        TreeSnapshot.AssertFolderHolds(target, expected, "download over a target that already holds files");
    }

    [Test]
    public void Download_into_a_target_written_with_a_trailing_slash_restores_the_version()
    {
        // Shells complete folder names with a trailing '/', so `download latest restore/` is what people type.
        var target = _sandbox.NewPath("restore");
        Directory.CreateDirectory(target);

        _sandbox.RunOk("download", "latest", "restore/");

        TreeSnapshot.AssertFolderHolds(target, _version, "download into 'restore/'");
    }

    [Test]
    public void An_invalid_include_pattern_is_a_usage_error()
    {
        _sandbox.RunFailing(2, ["download", "latest", "restore", "--include", "\\a\\b.txt"], "--include");

        Assert.That(Path.Exists(Path.Combine(_sandbox.Root, "restore")), Is.False);
    }

    private SortedDictionary<string, FileState> Only(Func<string, bool> keep)
    {
        var selected = TreeSnapshot.Without(_version, p => !keep(p));
        Assert.That(selected, Is.Not.Empty, "the selection under test matches no file of the version");
        return selected;
    }
}
