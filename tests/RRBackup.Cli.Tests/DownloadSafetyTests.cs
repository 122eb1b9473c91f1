using RRBackup.Cli.Tests.Support;

namespace RRBackup.Cli.Tests;

/// <summary>A download never writes outside TARGET, even through symbolic links planted inside it.</summary>
[TestFixture]
public sealed class DownloadSafetyTests
{
    private CliSandbox _sandbox = null!;
    private string _target = null!;
    private string _outside = null!;

    [SetUp]
    public void SetUp()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("symbolic links need privileges on Windows");
        }

        _sandbox = new CliSandbox();
        _sandbox.WriteConfig();
        _sandbox.WriteFile("/sub/x.txt", "inside sub\n", SourceTimes.At(1));
        _sandbox.WriteFile("/sub/inner/y.txt", "deeper inside sub\n", SourceTimes.At(2));
        _sandbox.WriteFile("/top.txt", "top\n", SourceTimes.At(3));
        _sandbox.Commit();
        _target = _sandbox.NewPath("restore");
        _outside = _sandbox.NewPath("elsewhere");
        Directory.CreateDirectory(_target);
        Directory.CreateDirectory(_outside);
    }

    [TearDown]
    public void TearDown() => _sandbox?.Dispose();

    [Test]
    public void A_link_in_the_target_to_a_folder_outside_stops_a_single_file_download_with_exit_code_6()
    {
        Directory.CreateSymbolicLink(Path.Combine(_target, "sub"), _outside);

        _sandbox.RunFailing(6, ["download", "latest", _target, "--include", "/sub/x.txt"], "symbolic link");

        Assert.That(Directory.EnumerateFileSystemEntries(_outside), Is.Empty, "nothing may be written outside the target");
    }

    [Test]
    public void A_link_in_the_target_to_a_folder_outside_stops_a_full_download_with_exit_code_6()
    {
        Directory.CreateSymbolicLink(Path.Combine(_target, "sub"), _outside);

        _sandbox.RunFailing(6, ["download", "latest", _target], "symbolic link");

        Assert.That(Directory.EnumerateFileSystemEntries(_outside), Is.Empty, "nothing may be written outside the target");
    }

    [Test]
    public void A_link_deeper_in_the_target_to_a_folder_outside_stops_the_download_with_exit_code_6()
    {
        Directory.CreateDirectory(Path.Combine(_target, "sub"));
        Directory.CreateSymbolicLink(Path.Combine(_target, "sub", "inner"), _outside);

        _sandbox.RunFailing(6, ["download", "latest", _target, "--include", "/sub/inner"], "symbolic link");

        Assert.That(Directory.EnumerateFileSystemEntries(_outside), Is.Empty, "nothing may be written outside the target");
    }

    [Test]
    public void A_link_in_the_target_to_a_file_outside_is_replaced_and_the_file_outside_is_left_untouched()
    {
        var victim = Path.Combine(_outside, "victim.txt");
        File.WriteAllText(victim, "must not change\n");
        File.CreateSymbolicLink(Path.Combine(_target, "top.txt"), victim);

        _sandbox.RunOk("download", "latest", _target, "--include", "/top.txt");

        Assert.That(File.ReadAllText(victim), Is.EqualTo("must not change\n"), "the download wrote through a link");
        Assert.That(new FileInfo(Path.Combine(_target, "top.txt")).LinkTarget, Is.Null, "the link was replaced by the restored file");
        TreeSnapshot.AssertFolderHolds(_target, TreeSnapshot.Without(_sandbox.CaptureBase(), p => p != "/top.txt"), "download of /top.txt over a link");
    }
}
