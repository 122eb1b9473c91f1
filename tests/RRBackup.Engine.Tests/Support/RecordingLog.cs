using RRBackup.Engine.Diagnostics;

namespace RRBackup.Engine.Tests;

/// <summary>Keeps the engine's messages so that tests can assert on them.</summary>
public sealed class RecordingLog : IEngineLog
{
    public List<(string Code, string Message)> Warnings { get; } = [];

    public List<string> Infos { get; } = [];

    public void Warning(string code, string message)
    {
        lock (Warnings)
        {
            Warnings.Add((code, message));
        }
    }

    public void Info(string message)
    {
        lock (Infos)
        {
            Infos.Add(message);
        }
    }
}
