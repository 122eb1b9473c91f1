using System.Collections;
using Microsoft.Build.Framework;

namespace RRBackup.MSBuild.Tests.Tasks;

/// <summary>A build engine that records what a task logs, for running tasks in the test process.</summary>
public sealed class RecordingBuildEngine : IBuildEngine
{
    public List<BuildErrorEventArgs> Errors { get; } = [];

    public List<BuildWarningEventArgs> Warnings { get; } = [];

    public List<BuildMessageEventArgs> Messages { get; } = [];

    public bool ContinueOnError => false;

    public int LineNumberOfTaskNode => 0;

    public int ColumnNumberOfTaskNode => 0;

    public string ProjectFileOfTaskNode => "";

    /// <summary>Everything logged, one line per event, for assertion messages.</summary>
    public string Log => string.Join(Environment.NewLine,
        Errors.Select(e => $"error {e.Code}: {e.File}({e.LineNumber}): {e.Message}")
            .Concat(Warnings.Select(w => $"warning {w.Code}: {w.File}({w.LineNumber}): {w.Message}"))
            .Concat(Messages.Select(m => $"message: {m.Message}")));

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => false;

    public void LogCustomEvent(CustomBuildEventArgs e)
    {
    }

    public void LogErrorEvent(BuildErrorEventArgs e) => Errors.Add(e);

    public void LogMessageEvent(BuildMessageEventArgs e) => Messages.Add(e);

    public void LogWarningEvent(BuildWarningEventArgs e) => Warnings.Add(e);
}
