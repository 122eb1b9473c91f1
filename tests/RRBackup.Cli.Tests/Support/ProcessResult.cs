namespace RRBackup.Cli.Tests.Support;

/// <summary>What one run of the rrbackup process did: its exit code and everything it wrote.</summary>
public sealed record ProcessResult(IReadOnlyList<string> Arguments, int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
{
    /// <summary>The non-empty lines of standard output, without line endings.</summary>
    public IReadOnlyList<string> OutputLines =>
        [.. StandardOutput.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0)];

    /// <summary>The non-empty lines of standard error, without line endings.</summary>
    public IReadOnlyList<string> ErrorLines =>
        [.. StandardError.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0)];

    public override string ToString() =>
        $"rrbackup {string.Join(' ', Arguments.Select(Quote))} exited with {ExitCode} after {Elapsed.TotalSeconds:0.00} s" +
        $"{Environment.NewLine}--- stdout ---{Environment.NewLine}{StandardOutput}--- stderr ---{Environment.NewLine}{StandardError}--- end ---";

    private static string Quote(string argument) => argument.Length == 0 || argument.Any(char.IsWhiteSpace) ? $"\"{argument}\"" : argument;
}
