using Cake.Core.Diagnostics;
using RRBackup.Engine.Diagnostics;

namespace RRBackup.Cake;

/// <summary>Passes the engine's warnings and notes to Cake's log.</summary>
/// <remarks>
/// Messages go in as arguments, never as format strings: a path may hold '{' or '}'. The engine may report
/// from parallel transfers; one lock keeps Cake's log, which is not meant for concurrent writers, whole.
/// </remarks>
internal sealed class CakeEngineLog(ICakeLog log) : IEngineLog
{
    private readonly Lock _gate = new();
    private readonly ProgressMilestones _milestones = new();

    public void Warning(string code, string message)
    {
        lock (_gate)
        {
            log.Warning("warning {0}: {1}", code, message);
        }
    }

    public void Info(string message)
    {
        lock (_gate)
        {
            log.Information("{0}", message);
        }
    }

    /// <summary>A few lines per long phase, at Normal verbosity.</summary>
    public void Progress(ProgressReport report)
    {
        if (_milestones.LineFor(report) is { } line)
        {
            Info("RRBackup: " + line);
        }
    }
}
