using RRBackup.Cake.Tests.Support;

namespace RRBackup.Cake.Tests;

/// <summary>Once per test run: the pinned cake.tool is restored, and one temporary folder holds the shared state.</summary>
[SetUpFixture]
public sealed class TestRun
{
    /// <summary>A temporary folder for the whole run: the local feed, Cake's shared Addins folder.</summary>
    public static string Folder { get; private set; } = "";

    [OneTimeSetUp]
    public void RestoreCakeTool()
    {
        Folder = Path.Combine(Path.GetTempPath(), "rrbackup-cake-tests-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Folder);

        // What a user runs once after cloning; cheap when the tool is already in the package cache.
        var restore = ProcessRunner.Dotnet(RepositoryPaths.Root, ["tool", "restore"], TimeSpan.FromMinutes(3));
        Assert.That(restore.ExitCode, Is.EqualTo(0), restore.ToString());
    }

    [OneTimeTearDown]
    public void DeleteFolder()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
