using RRBackup.Cli.Output;
using RRBackup.Cli.Tests.Support;
using RRBackup.Engine.Diagnostics;

namespace RRBackup.Cli.Tests.Ux;

/// <summary>
/// The live display itself, fed reports directly: each phase gets a line with its progress while it
/// runs. The work waits for the display to draw, so the test does not depend on how fast anything is.
/// </summary>
[TestFixture]
public sealed class LiveProgressTests
{
    private static readonly TimeSpan DrawWait = TimeSpan.FromSeconds(30);

    [Test]
    public async Task A_running_phase_is_drawn_with_its_files_and_the_waiting_line_before_it()
    {
        var screen = new LockedWriter();
        var display = new LiveProgress(screen, colour: false);

        var result = await display.RunAsync("Looking for changes", async () =>
        {
            await DrawnAsync(screen, "Looking for changes");
            display.Report(new ProgressReport(ProgressPhase.Hashing, 3, 10, 300, 1000, TimeSpan.FromSeconds(1)));
            await DrawnAsync(screen, "Hashing");
            return 42;
        });

        Assert.That(result, Is.EqualTo(42));
        var text = screen.Snapshot();
        Assert.That(text, Does.Contain("30%"), text);
        Assert.That(text, Does.Contain("3/10"), text);
    }

    [Test]
    public async Task A_line_written_meanwhile_appears_and_the_display_is_gone_afterwards()
    {
        var screen = new LockedWriter();
        var display = new LiveProgress(screen, colour: false);

        await display.RunAsync("Looking for changes", async () =>
        {
            await DrawnAsync(screen, "Looking for changes");
            Assert.That(display.TryWriteLine("warning RRB8002: something was skipped"), Is.True);
            return 0;
        });

        Assert.That(screen.Snapshot(), Does.Contain("warning RRB8002: something was skipped"));
        Assert.That(display.TryWriteLine("after"), Is.False, "with the display gone, the caller writes its own lines");
    }

    /// <summary>Waits until the display has drawn <paramref name="text"/>: it redraws on its own clock.</summary>
    private static async Task DrawnAsync(LockedWriter screen, string text)
    {
        var deadline = DateTime.UtcNow + DrawWait;
        while (!screen.Snapshot().Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"the display never drew '{text}':\n{screen.Snapshot()}");
            }

            await Task.Delay(20);
        }
    }
}
