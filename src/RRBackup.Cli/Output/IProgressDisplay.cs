using RRBackup.Engine.Diagnostics;

namespace RRBackup.Cli.Output;

/// <summary>Shows the engine's progress reports while a command runs.</summary>
public interface IProgressDisplay
{
    /// <summary>Runs the work with the display active; <paramref name="activity"/> says what happens before the first report.</summary>
    Task<T> RunAsync<T>(string activity, Func<Task<T>> work);

    /// <summary>One report from the engine (from any thread).</summary>
    void Report(ProgressReport report);

    /// <summary>Writes a line above a live display and returns true; false when there is none (the caller writes it).</summary>
    bool TryWriteLine(string line);
}

/// <summary>Shows nothing (--quiet, --progress none).</summary>
public sealed class NoProgress : IProgressDisplay
{
    public static readonly NoProgress Instance = new();

    public Task<T> RunAsync<T>(string activity, Func<Task<T>> work) => work();

    public void Report(ProgressReport report)
    {
    }

    public bool TryWriteLine(string line) => false;
}
