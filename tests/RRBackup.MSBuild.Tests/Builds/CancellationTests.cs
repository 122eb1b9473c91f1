using System.Diagnostics;
using RRBackup.MSBuild.Tests.Support;

namespace RRBackup.MSBuild.Tests.Builds;

/// <summary>Ctrl+C (SIGINT) during a commit's upload stops it; the next commit succeeds and leaves no unreferenced object versions.</summary>
[TestFixture]
public sealed class CancellationTests
{
    private const int FileCount = 300;
    private const int FileSize = 512 * 1024;

    private const string Body = """
        <Target Name="BackUpData" AfterTargets="Build">
          <RRBackupCommit ConfigFile="backup.ini" Message="data" />
        </Target>
        """;

    [Test]
    public void An_interrupted_commit_fails_the_build_and_the_next_commit_cleans_up_after_it()
    {
        var sample = SampleProject.Create("cancel", body: Body);
        sample.WriteLocalConfig(basePath: "../data");
        var data = Path.Combine(sample.Folder, "data");
        for (var i = 0; i < FileCount; i++)
        {
            TestData.WriteFile(data, $"part{i / 100}/file{i:D3}.bin", TestData.RandomBytes(i, FileSize));
        }

        sample.Restore();
        var cancelled = BuildAndInterruptMidUpload(sample);
        Assert.That(cancelled.ExitCode, Is.Not.EqualTo(0), $"a cancelled build fails{Environment.NewLine}{cancelled}");
        Assert.That(cancelled.Output, Does.Contain("RRBackupCommit: cancelled"), cancelled.ToString());
        Assert.That(sample.Versions(), Is.Empty, "the interrupted commit made no version");
        var left = LocalStoreObjects.OnDisk(sample.StoreFolder);
        Assert.That(left, Is.Not.Empty, "the commit was interrupted after some objects were written");
        Assert.That(left, Has.Count.LessThanOrEqualTo(FileCount));
        TestContext.Out.WriteLine($"    the interrupted commit left {left.Count} of {FileCount} object versions");

        var next = sample.Build("--no-restore");

        Assert.That(next.Succeeded, Is.True, next.ToString());
        Assert.That(next.Output, Does.Contain("warning RRB8003"), $"the next commit reports what it cleaned{Environment.NewLine}{next}");
        var versions = sample.Versions();
        Assert.That(versions, Has.Count.EqualTo(1));
        Assert.That(versions[0].FileCount, Is.EqualTo(FileCount));
        var onDisk = LocalStoreObjects.OnDisk(sample.StoreFolder);
        var referenced = LocalStoreObjects.Referenced(versions, v => sample.Files(v));
        Assert.That(referenced, Has.Count.EqualTo(FileCount));
        Assert.That(onDisk, Is.EquivalentTo(referenced), "every object version on disk is referenced by a version, and the other way round");
    }

    /// <summary>
    /// Starts the build and sends SIGINT once the commit has written a few objects. A fast machine may finish the
    /// commit before the signal takes effect; then the store is emptied and the build tried again.
    /// </summary>
    private static ProcessOutcome BuildAndInterruptMidUpload(SampleProject sample)
    {
        for (var attempt = 1; ; attempt++)
        {
            var build = sample.StartBuild("--no-restore");
            var clock = Stopwatch.StartNew();
            while (!build.HasExited && ObjectsWritten(sample) < 3 && clock.Elapsed < TimeSpan.FromMinutes(2))
            {
                Thread.Sleep(10);
            }

            if (!build.HasExited)
            {
                build.Interrupt();
            }

            var outcome = build.WaitForExit(TimeSpan.FromMinutes(2));
            if (outcome.Output.Contains("RRBackupCommit: cancelled", StringComparison.Ordinal) || attempt == 3)
            {
                return outcome;
            }

            TestContext.Out.WriteLine($"    attempt {attempt}: the commit finished before the interrupt took effect; trying again");
            foreach (var folder in new[] { sample.StoreFolder, Path.Combine(sample.Folder, "cache") }.Where(Directory.Exists))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>How many object versions the running commit has written so far (the store changes while it is read).</summary>
    private static int ObjectsWritten(SampleProject sample)
    {
        try
        {
            return LocalStoreObjects.OnDisk(sample.StoreFolder).Count;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
