namespace RRBackup.Cake.Tests.Support;

/// <summary>What one process run did: its exit code and everything it wrote.</summary>
public sealed record ProcessResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
{
    /// <summary>Standard output and standard error together, for searching.</summary>
    public string AllOutput => StandardOutput + StandardError;

    /// <summary>The text after "RESULT " on each line that has it: what the sample scripts report.</summary>
    public IReadOnlyList<string> ResultLines =>
        [.. StandardOutput.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("RESULT ", StringComparison.Ordinal)).Select(l => l["RESULT ".Length..])];

    /// <summary>The result lines that start with <paramref name="kind"/> and a space, without that prefix.</summary>
    public IReadOnlyList<string> Results(string kind) =>
        [.. ResultLines.Where(l => l.StartsWith(kind + " ", StringComparison.Ordinal)).Select(l => l[(kind.Length + 1)..])];

    public override string ToString() =>
        $"{CommandLine} exited with {ExitCode} after {Elapsed.TotalSeconds:0.0} s" +
        $"{Environment.NewLine}--- stdout ---{Environment.NewLine}{StandardOutput}--- stderr ---{Environment.NewLine}{StandardError}--- end ---";
}
