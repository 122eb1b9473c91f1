namespace RRBackup.Engine.Diagnostics;

/// <summary>Drops every message.</summary>
public sealed class NullEngineLog : IEngineLog
{
    public static readonly NullEngineLog Instance = new();

    public void Warning(string code, string message)
    {
    }

    public void Info(string message)
    {
    }
}
