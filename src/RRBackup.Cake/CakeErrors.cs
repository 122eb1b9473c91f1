using Cake.Core;
using RRBackup.Engine.Errors;

namespace RRBackup.Cake;

/// <summary>Turns RRBackup failures into the exception that stops a Cake build.</summary>
/// <remarks>
/// <see cref="CakeException"/> is sealed, so the RRBackup details travel as its inner exception: the message
/// is "RRB####: what went wrong", <see cref="CakeException.ExitCode"/> is the exit code the rrbackup command
/// uses for the same failure, and <see cref="Exception.InnerException"/> is the <see cref="RRBackupException"/>
/// with its <see cref="RRBackupException.Code"/> and <see cref="RRBackupException.Kind"/>.
/// </remarks>
internal static class CakeErrors
{
    public static CakeException From(RRBackupException e) => new(ExitCodes.For(e.Kind), $"{e.Code}: {e.Message}", e);

    /// <summary>A misuse of an alias's settings, reported like the rrbackup command's usage errors.</summary>
    public static CakeException Usage(string message, Exception? inner = null) =>
        From(new RRBackupException(ErrorCodes.InvalidArguments, ErrorKind.Usage, message, inner));
}
