using RRBackup.Engine.Errors;
using EngineExitCodes = RRBackup.Engine.Errors.ExitCodes;

namespace RRBackup.Cli;

/// <summary>The documented exit codes (README, "Exit codes"): the engine's table, which every front end shares.</summary>
public static class ExitCodes
{
    public const int Ok = EngineExitCodes.Ok;
    public const int Unexpected = EngineExitCodes.Unexpected;
    public const int Usage = EngineExitCodes.Usage;
    public const int Configuration = EngineExitCodes.Configuration;
    public const int Locked = EngineExitCodes.Locked;
    public const int VersionNotFound = EngineExitCodes.VersionNotFound;
    public const int Data = EngineExitCodes.Data;
    public const int Store = EngineExitCodes.Store;
    public const int LocalIo = EngineExitCodes.LocalIo;
    public const int WrongPassword = EngineExitCodes.WrongPassword;
    public const int Conflict = EngineExitCodes.Conflict;
    public const int Cancelled = EngineExitCodes.Cancelled;

    public static int For(ErrorKind kind) => EngineExitCodes.For(kind);
}
