using RRBackup.Engine.Diagnostics;

namespace RRBackup.MSBuild;

/// <summary>Shows the engine's warnings as MSBuild warnings with their RRB#### code, and its notes as normal messages.</summary>
/// <remarks>The engine may report from its worker threads; one lock keeps the task's logging serial.</remarks>
internal sealed class TaskEngineLog : IEngineLog
{
    private readonly RRBackupTask _task;
    private readonly string _configFile;
    private readonly Lock _lock = new();
    private readonly ProgressMilestones _milestones = new();

    public TaskEngineLog(RRBackupTask task, string configFile)
    {
        _task = task;
        _configFile = configFile;
    }

    public void Warning(string code, string message)
    {
        lock (_lock)
        {
            _task.LogWarning(code, _configFile, message);
        }
    }

    public void Info(string message)
    {
        lock (_lock)
        {
            _task.LogInfo(message);
        }
    }

    /// <summary>A few messages per long phase, at normal importance.</summary>
    public void Progress(ProgressReport report)
    {
        if (_milestones.LineFor(report) is { } line)
        {
            Info(line);
        }
    }
}
