namespace RRBackup.Engine.Errors;

/// <summary>The process exit code of each kind of failure, the same for every front end that exits (README, "Exit codes").</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Unexpected = 1;
    public const int Usage = 2;
    public const int Configuration = 3;
    public const int Locked = 4;
    public const int VersionNotFound = 5;
    public const int Data = 6;
    public const int Store = 7;
    public const int LocalIo = 8;
    public const int WrongPassword = 9;
    public const int Conflict = 10;
    public const int Cancelled = 130;

    public static int For(ErrorKind kind) => kind switch
    {
        ErrorKind.Usage => Usage,
        ErrorKind.Configuration => Configuration,
        ErrorKind.Locked => Locked,
        ErrorKind.VersionNotFound => VersionNotFound,
        ErrorKind.Data => Data,
        ErrorKind.Store => Store,
        ErrorKind.LocalIo => LocalIo,
        ErrorKind.WrongPassword => WrongPassword,
        ErrorKind.Conflict => Conflict,
        _ => Unexpected,
    };
}
