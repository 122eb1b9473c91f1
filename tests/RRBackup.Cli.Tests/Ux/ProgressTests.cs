using RRBackup.Cli.Output;
using RRBackup.Cli.Tests.Support;
using RRBackup.Engine.Diagnostics;
using static RRBackup.Cli.Tests.Ux.UxRun;

namespace RRBackup.Cli.Tests.Ux;

/// <summary>
/// Progress in a log: a few plain lines on standard error, whatever the number of files. The issue's
/// budget is 15 lines for a 20,000-file commit; the process tests use 2,000 files (the same budget
/// holds, since it does not grow with the files), and the unit tests feed 20,000 reports per phase.
/// </summary>
[TestFixture]
public sealed class ProgressTests
{
    private const int CommitLineBudget = 15;

    [Test]
    public void A_2000_file_commit_and_download_with_plain_progress_print_a_few_lines_per_phase()
    {
        using var sandbox = new CliSandbox();
        sandbox.WriteConfig();
        WriteManyFiles(sandbox, 2_000);

        var commit = sandbox.RunOk("--progress", "plain");

        var lines = commit.OutputLines.Concat(commit.ErrorLines).ToList();
        Assert.That(lines, Has.Count.LessThanOrEqualTo(CommitLineBudget), commit.ToString());
        Assert.That(commit.OutputLines, Has.Count.EqualTo(1), "the result is one line on standard output; progress goes to standard error");
        Assert.That(commit.OutputLines[0], Does.StartWith("Committed version"));
        Assert.That(commit.ErrorLines.Count(l => l.StartsWith("Hashing", StringComparison.Ordinal)), Is.InRange(2, PlainProgress.LinesPerPhase), commit.ToString());
        Assert.That(commit.ErrorLines.Count(l => l.StartsWith("Uploading", StringComparison.Ordinal)), Is.InRange(2, PlainProgress.LinesPerPhase), commit.ToString());
        Assert.That(commit.ErrorLines, Does.Contain("Hashing 2,000 files (1000.0 KiB)"), commit.ToString());
        Assert.That(commit.ErrorLines.Last(), Does.StartWith("Uploading: done, 2,000 files (1000.0 KiB) in "), commit.ToString());
        Assert.That(HasEscape(commit.StandardError), Is.False, "plain progress has no escape codes");

        var download = sandbox.RunOk("download", "latest", sandbox.NewPath("restore"), "--progress", "plain");
        Assert.That(download.OutputLines.Concat(download.ErrorLines).Count(), Is.LessThanOrEqualTo(PlainProgress.LinesPerPhase + 1), download.ToString());
        Assert.That(download.ErrorLines[0], Is.EqualTo("Downloading 2,000 files (1000.0 KiB)"), download.ToString());
        Assert.That(download.ErrorLines[^1], Does.StartWith("Downloading: done, 2,000 files"), download.ToString());
    }

    [Test]
    public void By_default_a_log_gets_at_most_the_budget_and_quick_phases_print_nothing()
    {
        using var sandbox = new CliSandbox();
        sandbox.WriteConfig();
        WriteManyFiles(sandbox, 2_000);

        var commit = sandbox.RunOk();

        Assert.That(commit.OutputLines.Concat(commit.ErrorLines).Count(), Is.LessThanOrEqualTo(CommitLineBudget), commit.ToString());
        Assert.That(commit.ErrorLines.All(l => l.StartsWith("Hashing", StringComparison.Ordinal) || l.StartsWith("Uploading", StringComparison.Ordinal)), Is.True, commit.ToString());

        sandbox.WriteFile("/one.txt", "one\n", SourceTimes.At(1));
        var small = sandbox.RunOk();
        Assert.That(small.StandardError, Is.Empty, "a commit of one small file takes well under a second and logs no progress");
    }

    [Test]
    public void Progress_none_prints_no_progress()
    {
        using var sandbox = new CliSandbox();
        sandbox.WriteConfig();
        WriteManyFiles(sandbox, 300);

        var commit = sandbox.RunOk("--progress", "none");

        Assert.That(commit.StandardError, Is.Empty, commit.ToString());
        Assert.That(commit.OutputLines, Has.Count.EqualTo(1));
    }

    private static IEnumerable<ProgressReport> Phase(ProgressPhase phase, int files, long bytesPerFile, TimeSpan perFile)
    {
        yield return new ProgressReport(phase, 0, files, 0, files * bytesPerFile, TimeSpan.Zero);
        for (var i = 1; i <= files; i++)
        {
            yield return new ProgressReport(phase, i, files, i * bytesPerFile, files * bytesPerFile, perFile * i);
        }
    }

    [Test]
    public void Twenty_thousand_reports_per_phase_give_start_three_quarters_and_done()
    {
        var lines = new List<string>();
        var progress = new PlainProgress(lines.Add, TimeSpan.Zero);

        foreach (var report in Phase(ProgressPhase.Hashing, 20_000, 4096, TimeSpan.FromMilliseconds(3))
                     .Concat(Phase(ProgressPhase.Uploading, 20_000, 4096, TimeSpan.FromMilliseconds(5))))
        {
            progress.Report(report);
        }

        Assert.That(lines, Has.Count.EqualTo(10), string.Join(Environment.NewLine, lines));
        Assert.That(lines[0], Is.EqualTo("Hashing 20,000 files (78.1 MiB)"));
        Assert.That(lines[1], Does.StartWith("Hashing: 25% (5,000/20,000 files, 19.5 MiB of 78.1 MiB, "));
        Assert.That(lines[2], Does.StartWith("Hashing: 50% "));
        Assert.That(lines[3], Does.StartWith("Hashing: 75% "));
        Assert.That(lines[4], Is.EqualTo("Hashing: done, 20,000 files (78.1 MiB) in 1 min 00 s, 1.3 MiB/s"));
        Assert.That(lines[5], Is.EqualTo("Uploading 20,000 files (78.1 MiB)"));
        Assert.That(lines[9], Does.StartWith("Uploading: done, 20,000 files (78.1 MiB) in 1 min 40 s"));
        Assert.That(progress.LinesWritten, Is.EqualTo(10));
    }

    [Test]
    public void Reports_from_many_threads_and_late_reports_never_exceed_the_budget()
    {
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var progress = new PlainProgress(lines.Enqueue, TimeSpan.Zero);
        var reports = Phase(ProgressPhase.Downloading, 20_000, 100, TimeSpan.FromMilliseconds(1)).ToArray();

        Parallel.ForEach(reports, new ParallelOptions { MaxDegreeOfParallelism = 4 }, progress.Report);
        foreach (var late in reports.Take(5000))
        {
            progress.Report(late); // a finished phase stays finished
        }

        Assert.That(lines.Count, Is.InRange(2, PlainProgress.LinesPerPhase), string.Join(Environment.NewLine, lines));
        Assert.That(lines.Count(l => l.StartsWith("Downloading: done", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public void With_a_delay_a_quick_phase_prints_nothing_and_a_slow_one_starts_when_the_delay_has_passed()
    {
        var lines = new List<string>();
        var progress = new PlainProgress(lines.Add, TimeSpan.FromSeconds(1));

        foreach (var report in Phase(ProgressPhase.Hashing, 20_000, 10, TimeSpan.FromTicks(TimeSpan.TicksPerMillisecond / 50)))
        {
            progress.Report(report); // 20,000 files in 0.4 s
        }

        Assert.That(lines, Is.Empty, "a phase done within the delay");

        foreach (var report in Phase(ProgressPhase.Uploading, 20_000, 10, TimeSpan.FromMilliseconds(0.5)))
        {
            progress.Report(report); // 10 s: the delay passes at 10 %
        }

        Assert.That(lines, Has.Count.EqualTo(5), string.Join(Environment.NewLine, lines));
        Assert.That(lines[0], Is.EqualTo("Uploading 20,000 files (195.3 KiB): 10% done after 1.0 s"));
        Assert.That(lines[1], Does.StartWith("Uploading: 25% "));
        Assert.That(lines[4], Does.StartWith("Uploading: done, 20,000 files (195.3 KiB) in 10 s"));
    }

    [Test]
    public void A_phase_seen_only_at_its_start_and_end_prints_its_end_only_when_every_phase_is_logged()
    {
        ProgressReport[] reports =
        [
            new(ProgressPhase.Hashing, 0, 1, 0, 6L << 30, TimeSpan.Zero),
            new(ProgressPhase.Hashing, 1, 1, 6L << 30, 6L << 30, TimeSpan.FromSeconds(30)),
        ];
        var delayed = new List<string>();
        var every = new List<string>();
        var withDelay = new PlainProgress(delayed.Add, TimeSpan.FromSeconds(1));
        var withoutDelay = new PlainProgress(every.Add, TimeSpan.Zero);

        foreach (var report in reports)
        {
            withDelay.Report(report);
            withoutDelay.Report(report);
        }

        Assert.That(delayed, Is.Empty, "one slow file (or a slow moment of a small commit) is not progress worth logging");
        Assert.That(every, Is.EqualTo(new[] { "Hashing 1 file (6.0 GiB)", "Hashing: done, 1 file (6.0 GiB) in 30 s, 204.8 MiB/s" }));
    }

    [Test]
    public void Many_phases_together_stop_at_the_command_budget()
    {
        var lines = new List<string>();
        var progress = new PlainProgress(lines.Add, TimeSpan.Zero);

        foreach (var phase in new[] { ProgressPhase.Hashing, ProgressPhase.Uploading, ProgressPhase.Downloading })
        {
            foreach (var report in Phase(phase, 20_000, 1, TimeSpan.FromMilliseconds(1)))
            {
                progress.Report(report);
            }
        }

        Assert.That(lines, Has.Count.EqualTo(PlainProgress.MaxLines));
    }

    [Test]
    public void Phases_without_bytes_count_files()
    {
        var lines = new List<string>();
        var progress = new PlainProgress(lines.Add, TimeSpan.Zero);

        foreach (var report in Phase(ProgressPhase.Downloading, 20_000, 0, TimeSpan.FromMilliseconds(1)))
        {
            progress.Report(report);
        }

        Assert.That(lines, Has.Count.EqualTo(5), string.Join(Environment.NewLine, lines));
        Assert.That(lines[1], Does.StartWith("Downloading: 25% (5,000/20,000 files"));
    }
}
