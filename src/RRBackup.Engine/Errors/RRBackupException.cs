namespace RRBackup.Engine.Errors;

/// <summary>The one exception the engine throws for anything a user can act on.</summary>
/// <remarks>Messages name the problem and where it is (file, line, key, object) and never contain secrets.</remarks>
public sealed class RRBackupException : Exception
{
    public RRBackupException(string code, ErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        Kind = kind;
    }

    /// <summary>The stable RRB#### code.</summary>
    public string Code { get; }

    /// <summary>What kind of failure this is.</summary>
    public ErrorKind Kind { get; }

    public override string ToString() => $"{Code}: {Message}";
}
