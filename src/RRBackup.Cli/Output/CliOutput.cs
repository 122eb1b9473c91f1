using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace RRBackup.Cli.Output;

/// <summary>
/// Everything the command writes, in one place: results on standard output (text, or one JSON
/// document with --json), errors, warnings and progress on standard error, colours only where a
/// stream is a terminal and NO_COLOR is not set, and only errors with --quiet.
/// </summary>
/// <remarks>Thread-safe: the engine reports warnings and progress from several threads.</remarks>
public sealed class CliOutput
{
    private readonly object _lock = new();
    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private IProgressDisplay _progress = NoProgress.Instance;

    public CliOutput(TextWriter output, TextWriter error, TerminalInfo terminal, bool json = false, bool quiet = false, bool noColor = false)
    {
        _output = output;
        _error = error;
        Terminal = terminal;
        Json = json;
        Quiet = quiet;
        var colour = !noColor && !terminal.NoColor;
        Out = new Palette(colour && terminal.OutputIsTerminal);
        Err = new Palette(colour && terminal.ErrorIsTerminal);
    }

    public TerminalInfo Terminal { get; }

    /// <summary>--json: the result is one JSON document on standard output, and nothing else goes there.</summary>
    public bool Json { get; }

    /// <summary>--quiet: errors only (and the JSON document, when asked for).</summary>
    public bool Quiet { get; }

    /// <summary>Colours for standard output.</summary>
    public Palette Out { get; }

    /// <summary>Colours for standard error.</summary>
    public Palette Err { get; }

    /// <summary>Text results are shown on a terminal (a header line, marks a script does not need).</summary>
    public bool OutputIsTerminal => Terminal.OutputIsTerminal;

    /// <summary>Where progress goes while a command runs.</summary>
    public IProgressDisplay Progress
    {
        get => _progress;
        set => _progress = value;
    }

    /// <summary>One line of the result on standard output; not with --json or --quiet.</summary>
    public void Result(string line)
    {
        if (Json || Quiet)
        {
            return;
        }

        lock (_lock)
        {
            _output.WriteLine(line);
        }
    }

    /// <summary>The one JSON document of a command, on standard output (also with --quiet: it was asked for).</summary>
    public void WriteJson<T>(T document, JsonTypeInfo<T> typeInfo)
    {
        var text = JsonSerializer.Serialize(document, typeInfo);
        lock (_lock)
        {
            _output.WriteLine(text);
        }
    }

    /// <summary>Something worth saying in a normal run: on standard output, or standard error with --json; not with --quiet.</summary>
    public void Note(string message)
    {
        if (Quiet)
        {
            return;
        }

        if (Json)
        {
            ErrorLine(message);
        }
        else
        {
            lock (_lock)
            {
                if (!_progress.TryWriteLine(message))
                {
                    _output.WriteLine(message);
                }
            }
        }
    }

    /// <summary>`warning RRB####: message` on standard error; not with --quiet.</summary>
    public void Warning(string code, string message)
    {
        if (!Quiet)
        {
            ErrorLine($"{Err.Yellow($"warning {code}:")} {message}", $"warning {code}: {message}");
        }
    }

    /// <summary>`error RRB####: message` on standard error, always.</summary>
    public void Error(string code, string message) => ErrorLine($"{Err.BoldRed($"error {code}:")} {message}", $"error {code}: {message}");

    /// <summary>`error: message` on standard error, always.</summary>
    public void Error(string message) => ErrorLine($"{Err.BoldRed("error:")} {message}", $"error: {message}");

    /// <summary>A line on standard error that reports a failure (shown with --quiet too).</summary>
    public void Problem(string line) => ErrorLine(Err.Red(line), line);

    private void ErrorLine(string line, string? plain = null)
    {
        lock (_lock)
        {
            if (!_progress.TryWriteLine(plain ?? line))
            {
                _error.WriteLine(line);
            }
        }
    }

    /// <summary>Writes plain text on standard output, whatever --json and --quiet say (help).</summary>
    public void Raw(string text)
    {
        lock (_lock)
        {
            _output.Write(text);
        }
    }

    /// <summary>Writes one line of progress on standard error (plain progress).</summary>
    internal void ProgressLine(string line)
    {
        lock (_lock)
        {
            _error.WriteLine(line);
        }
    }
}
