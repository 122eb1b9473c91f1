namespace RRBackup.Cli.Output;

/// <summary>What the process is writing to: which standard streams are terminals, and whether colour is unwanted.</summary>
/// <param name="OutputIsTerminal">Standard output is a terminal (not a pipe or a file).</param>
/// <param name="ErrorIsTerminal">Standard error is a terminal.</param>
/// <param name="NoColor">NO_COLOR is set to a non-empty value, or TERM is 'dumb'.</param>
/// <param name="Width">The terminal's width in columns, when known.</param>
public sealed record TerminalInfo(bool OutputIsTerminal, bool ErrorIsTerminal, bool NoColor, int? Width = null)
{
    /// <summary>Neither stream is a terminal: plain text, no colour, no live display (in-process runs, tests).</summary>
    public static readonly TerminalInfo None = new(false, false, false);

    /// <summary>The process's own console, and NO_COLOR and TERM from its environment.</summary>
    public static TerminalInfo FromConsole()
    {
        var noColor = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
                      || string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);
        var output = !Console.IsOutputRedirected;
        var error = !Console.IsErrorRedirected;
        int? width = null;
        if (output || error)
        {
            try
            {
                width = Console.WindowWidth > 0 ? Console.WindowWidth : null;
            }
            catch (IOException)
            {
            }
        }

        return new TerminalInfo(output, error, noColor, width);
    }
}
