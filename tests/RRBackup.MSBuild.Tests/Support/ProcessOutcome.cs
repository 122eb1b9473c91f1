namespace RRBackup.MSBuild.Tests.Support;

/// <summary>What one `dotnet` run did: its exit code and everything it printed (standard output and error, interleaved).</summary>
public sealed record ProcessOutcome(string CommandLine, int ExitCode, string Output, TimeSpan Elapsed)
{
    public bool Succeeded => ExitCode == 0;

    public override string ToString() =>
        $"{CommandLine} exited with {ExitCode} after {Elapsed.TotalSeconds:0.0} s{Environment.NewLine}--- output ---{Environment.NewLine}{Output}--- end ---";
}
