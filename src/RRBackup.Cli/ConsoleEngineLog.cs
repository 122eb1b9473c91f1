using RRBackup.Engine.Diagnostics;

namespace RRBackup.Cli;

/// <summary>Shows the engine's warnings on standard error, and its notes on standard output.</summary>
public sealed class ConsoleEngineLog(TextWriter output, TextWriter error) : IEngineLog
{
    public void Warning(string code, string message) => error.WriteLine($"warning {code}: {message}");

    public void Info(string message) => output.WriteLine(message);
}
