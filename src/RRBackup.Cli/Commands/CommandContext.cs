using RRBackup.Cli.Output;
using RRBackup.Engine;

namespace RRBackup.Cli.Commands;

/// <summary>What a command runs with: the engine, its command line, where it writes, and its cancellation.</summary>
public sealed record CommandContext(BackupEngine Engine, ParsedArguments Args, CliOutput Output, CancellationToken CancellationToken)
{
    /// <summary>Fails with a usage error unless the command got exactly <paramref name="count"/> positional arguments.</summary>
    public void RequireArguments(int count)
    {
        if (Args.Positional.Count != count)
        {
            throw ArgumentParser.Usage(
                $"'{Args.Command}' takes {count} argument(s), got {Args.Positional.Count}: usage: {Help.HelpText.UsageOf(Args.Command)}", Args);
        }
    }
}
