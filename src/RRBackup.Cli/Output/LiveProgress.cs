using RRBackup.Engine.Diagnostics;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace RRBackup.Cli.Output;

/// <summary>
/// Progress on an interactive terminal: a live line per running phase on standard error, with a bar,
/// files and bytes done, throughput and time left, redrawn ten times a second and cleared at the end.
/// Warnings written meanwhile appear above it.
/// </summary>
public sealed class LiveProgress : IProgressDisplay
{
    private readonly object _lock = new();
    private readonly IAnsiConsole _console;
    private readonly Dictionary<ProgressPhase, ProgressTask> _tasks = [];
    private ProgressContext? _context;
    private ProgressTask? _waiting;

    /// <param name="error">Standard error, a terminal.</param>
    /// <param name="colour">Whether to use colours (not with NO_COLOR).</param>
    public LiveProgress(TextWriter error, bool colour)
    {
        _console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = colour ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(error),
        });
    }

    public async Task<T> RunAsync<T>(string activity, Func<Task<T>> work)
    {
        var progress = new Progress(_console)
        {
            AutoClear = true,
            HideCompleted = true,
            AutoRefresh = true,
        };
        // Everything on one line of the terminal: at 80 columns a short bar and no byte total.
        var width = _console.Profile.Width;
        progress.Columns(
            new SpinnerColumn(),
            new TaskDescriptionColumn { Alignment = Justify.Left },
            new ProgressBarColumn { Width = width >= 120 ? 30 : width >= 100 ? 20 : 10 },
            new DetailsColumn(Compact: width < 100));
        return await progress.StartAsync(async context =>
        {
            lock (_lock)
            {
                _context = context;
                _waiting = context.AddTask(activity, new ProgressTaskSettings { AutoStart = true, MaxValue = 1 });
                _waiting.IsIndeterminate = true;
            }

            try
            {
                return await work().ConfigureAwait(false);
            }
            finally
            {
                lock (_lock)
                {
                    _context = null;
                }
            }
        }).ConfigureAwait(false);
    }

    public void Report(ProgressReport report)
    {
        lock (_lock)
        {
            if (_context is null || report.FilesTotal <= 0)
            {
                return;
            }

            if (_waiting is not null)
            {
                _waiting.Value = _waiting.MaxValue;
                _waiting.StopTask();
                _waiting = null;
            }

            if (!_tasks.TryGetValue(report.Phase, out var task))
            {
                task = _context.AddTask(ProgressText.Phase(report.Phase), new ProgressTaskSettings { AutoStart = true, MaxValue = Units(report).Total });
                _tasks[report.Phase] = task;
            }

            if (task.IsFinished || (task.Tag is ProgressReport last && last.FilesDone > report.FilesDone))
            {
                return; // a late report
            }

            task.Tag = report;
            task.Value = Units(report).Done;
            if (report.IsComplete)
            {
                task.Value = task.MaxValue;
                task.StopTask();
            }
        }
    }

    public bool TryWriteLine(string line)
    {
        lock (_lock)
        {
            if (_context is null)
            {
                return false;
            }

            var style = line.StartsWith("error", StringComparison.Ordinal) ? new Style(Color.Red)
                : line.StartsWith("warning", StringComparison.Ordinal) ? new Style(Color.Yellow)
                : Style.Plain;
            _console.Write(new Text(line + "\n", style));
            return true;
        }
    }

    /// <summary>What the bar counts: bytes, or files when the phase has no bytes.</summary>
    private static (double Done, double Total) Units(ProgressReport report) =>
        report.BytesTotal > 0 ? (report.BytesDone, report.BytesTotal) : (report.FilesDone, Math.Max(1, report.FilesTotal));

    /// <summary>Percentage, files, bytes, throughput and time left, from the task's latest report.</summary>
    private sealed class DetailsColumn(bool Compact) : ProgressColumn
    {
        protected override bool NoWrap => true;

        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            task.Tag is ProgressReport report ? new Text(ProgressText.Live(report, Compact)) : new Text("");
    }
}
