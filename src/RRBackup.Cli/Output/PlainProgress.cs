using RRBackup.Engine.Diagnostics;

namespace RRBackup.Cli.Output;

/// <summary>
/// Progress for a log (CI, a pipe, a file): a few plain lines per phase, whatever its size. A phase
/// prints at most <see cref="LinesPerPhase"/> lines: when it starts, at 25, 50 and 75 %, and when it
/// is done; a whole command prints at most <see cref="MaxLines"/>. With a <c>delay</c>, a phase is
/// logged from the first report that finds it still running after that long: a phase done sooner,
/// or one whose only reports are its start and its end (a single file), prints nothing, so quick
/// commands, and a slow moment in a small one, leave the log alone.
/// </summary>
/// <remarks>The engine reports from several threads, at most every tenth of a second per phase; reports may arrive slightly out of order.</remarks>
public sealed class PlainProgress(Action<string> writeLine, TimeSpan delay) : IProgressDisplay
{
    /// <summary>Start, 25 %, 50 %, 75 %, done.</summary>
    public const int LinesPerPhase = 5;

    /// <summary>The most progress lines one command prints (a commit has two phases, so 10 in practice).</summary>
    public const int MaxLines = 14;

    /// <summary>How long a phase runs before a log hears of it, unless asked for every phase (--progress plain).</summary>
    public static readonly TimeSpan DefaultDelay = TimeSpan.FromSeconds(1);

    private readonly object _lock = new();
    private readonly Dictionary<ProgressPhase, PhaseState> _phases = [];
    private int _lines;

    /// <summary>How many lines it has written.</summary>
    public int LinesWritten
    {
        get
        {
            lock (_lock)
            {
                return _lines;
            }
        }
    }

    public Task<T> RunAsync<T>(string activity, Func<Task<T>> work) => work();

    public bool TryWriteLine(string line) => false;

    public void Report(ProgressReport report)
    {
        lock (_lock)
        {
            if (!_phases.TryGetValue(report.Phase, out var state))
            {
                _phases[report.Phase] = state = new PhaseState();
            }

            if (state.Done || report.FilesTotal <= 0)
            {
                return; // a late report of a finished phase, or an empty phase
            }

            var percent = ProgressText.Percent(report);
            if (report.IsComplete)
            {
                state.Done = true;
                if (state.Started || delay <= TimeSpan.Zero)
                {
                    Write(ProgressText.Done(report));
                }

                return;
            }

            if (!state.Started)
            {
                if (report.Elapsed < delay)
                {
                    return;
                }

                state.Started = true;
                state.NextMilestone = NextMilestoneAfter(percent);
                Write(ProgressText.Start(report) + (percent > 0 ? $": {percent}% done after {ProgressText.Duration(report.Elapsed)}" : ""));
                return;
            }

            if (state.NextMilestone < 100 && percent >= state.NextMilestone)
            {
                state.NextMilestone = NextMilestoneAfter(percent);
                Write(ProgressText.Milestone(report));
            }
        }
    }

    /// <summary>The first of 25, 50, 75 (or 100: none) above <paramref name="percent"/>.</summary>
    private static int NextMilestoneAfter(int percent) => Math.Min(100, (percent / 25 + 1) * 25);

    private void Write(string line)
    {
        if (_lines >= MaxLines)
        {
            return;
        }

        _lines++;
        writeLine(line);
    }

    private sealed class PhaseState
    {
        public bool Started { get; set; }

        public bool Done { get; set; }

        public int NextMilestone { get; set; } = 25;
    }
}
