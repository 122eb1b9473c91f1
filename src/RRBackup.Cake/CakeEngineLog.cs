using Cake.Core.Diagnostics;
using RRBackup.Engine.Diagnostics;

namespace RRBackup.Cake;

/// <summary>Passes the engine's warnings and notes to Cake's log.</summary>
/// <remarks>Messages go in as arguments, never as format strings: a path may hold '{' or '}'.</remarks>
internal sealed class CakeEngineLog(ICakeLog log) : IEngineLog
{
    public void Warning(string code, string message) => log.Warning("warning {0}: {1}", code, message);

    public void Info(string message) => log.Information("{0}", message);
}
