using RRBackup.Engine.Diagnostics;

namespace RRBackup.Engine.Tests.Diagnostics;

[TestFixture]
public sealed class ProgressMilestonesTests
{
    [Test]
    public void A_long_phase_of_twenty_thousand_files_logs_at_most_five_lines()
    {
        var milestones = new ProgressMilestones();
        var lines = new List<string>();
        for (var done = 0; done <= 20_000; done += 7)
        {
            var report = new ProgressReport(ProgressPhase.Uploading, Math.Min(done, 20_000), 20_000, Math.Min(done, 20_000) * 1000L, 20_000_000, TimeSpan.FromSeconds(2 + (done / 1000.0)));
            if (milestones.LineFor(report) is { } line)
            {
                lines.Add(line);
            }
        }

        lines.Add(milestones.LineFor(new ProgressReport(ProgressPhase.Uploading, 20_000, 20_000, 20_000_000, 20_000_000, TimeSpan.FromSeconds(30))) ?? "");

        Assert.That(lines.Where(l => l.Length > 0).ToList(), Has.Count.InRange(4, 5));
        Assert.That(lines.Last(l => l.Length > 0), Does.Contain("done"));
    }

    [Test]
    public void A_phase_shorter_than_a_second_logs_nothing()
    {
        var milestones = new ProgressMilestones();

        var line = milestones.LineFor(new ProgressReport(ProgressPhase.Hashing, 10, 10, 100, 100, TimeSpan.FromMilliseconds(300)));

        Assert.That(line, Is.Null);
    }
}
