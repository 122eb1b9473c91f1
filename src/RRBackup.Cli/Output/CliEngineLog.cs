using RRBackup.Engine.Diagnostics;

namespace RRBackup.Cli.Output;

/// <summary>Passes the engine's warnings, notes and progress to the command's output.</summary>
public sealed class CliEngineLog(CliOutput output) : IEngineLog
{
    public void Warning(string code, string message) => output.Warning(code, message);

    public void Info(string message) => output.Note(message);

    public void Progress(ProgressReport report) => output.Progress.Report(report);
}
