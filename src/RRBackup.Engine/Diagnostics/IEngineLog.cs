namespace RRBackup.Engine.Diagnostics;

/// <summary>Where the engine reports what a user should know but that does not stop the work.</summary>
/// <remarks>The engine never writes to the console: each front end renders these its own way.</remarks>
public interface IEngineLog
{
    /// <summary>Something went wrong or looks wrong, and the engine carried on.</summary>
    void Warning(string code, string message);

    /// <summary>Something worth saying in a normal run.</summary>
    void Info(string message);

    /// <summary>How far a long phase has come; called from several threads, at most every tenth of a second per phase, and at its end.</summary>
    void Progress(ProgressReport report)
    {
    }
}
