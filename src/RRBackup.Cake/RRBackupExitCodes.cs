using RRBackup.Engine.Errors;

namespace RRBackup.Cake;

/// <summary>The exit codes of the rrbackup command (README, "Exit codes"), so a Cake run that stops on an
/// RRBackup failure outside a task ends with the same code. A test keeps this equal to the command's table.</summary>
internal static class RRBackupExitCodes
{
    public const int Unexpected = 1;

    public static int For(ErrorKind kind) => kind switch
    {
        ErrorKind.Usage => 2,
        ErrorKind.Configuration => 3,
        ErrorKind.Locked => 4,
        ErrorKind.VersionNotFound => 5,
        ErrorKind.Data => 6,
        ErrorKind.Store => 7,
        ErrorKind.LocalIo => 8,
        ErrorKind.WrongPassword => 9,
        ErrorKind.Conflict => 10,
        _ => Unexpected,
    };
}
