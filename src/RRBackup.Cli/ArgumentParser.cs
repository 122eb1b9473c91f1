using RRBackup.Cli.Output;
using RRBackup.Engine.Errors;

namespace RRBackup.Cli;

/// <summary>Parses the command line: `rrbackup [COMMAND] [ARGS] [OPTIONS]`.</summary>
public static class ArgumentParser
{
    public static readonly string[] Commands =
        ["commit", "list_versions", "list_files", "list_changes", "download", "verify", "garbage_collect", "decode", "recover", "change_password", "init"];

    /// <summary>The commands that can print their result as JSON.</summary>
    public static readonly string[] JsonCommands =
        ["commit", "list_versions", "list_files", "list_changes", "download", "verify", "garbage_collect", "decode", "recover"];

    /// <summary>Every option, for suggestions.</summary>
    public static readonly string[] Options =
    [
        "--help", "--config", "--message", "--label", "--include", "--exclude", "--all", "--read-data", "--dry-run",
        "--new-password-file", "--json", "--quiet", "--no-color", "--progress", "--mirror", "--atomic",
    ];

    public static ParsedArguments Parse(IReadOnlyList<string> args)
    {
        var parsed = new ParsedArguments();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inlineValue = null;
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=', StringComparison.Ordinal) is var equals and > 2)
            {
                inlineValue = arg[(equals + 1)..];
                arg = arg[..equals];
            }

            switch (arg)
            {
                case "-h" or "--help" or "help" when inlineValue is null:
                    parsed.Help = true;
                    break;
                case "-c" or "--config":
                    parsed.ConfigFile = Value(args, ref i, inlineValue);
                    parsed.ConfigGiven = true;
                    break;
                case "-m" or "--message":
                    parsed.Message = Value(args, ref i, inlineValue);
                    break;
                case "-l" or "--label":
                    AddLabel(parsed, Value(args, ref i, inlineValue));
                    break;
                case "--include":
                    parsed.Include.Add(Value(args, ref i, inlineValue));
                    break;
                case "--exclude":
                    parsed.Exclude.Add(Value(args, ref i, inlineValue));
                    break;
                case "--new-password-file":
                    parsed.NewPasswordFile = Value(args, ref i, inlineValue);
                    break;
                case "--progress":
                    parsed.Progress = ParseProgress(Value(args, ref i, inlineValue));
                    break;
                case "--all" when inlineValue is null:
                    parsed.All = true;
                    break;
                case "--read-data" when inlineValue is null:
                    parsed.ReadData = true;
                    break;
                case "--dry-run" when inlineValue is null:
                    parsed.DryRun = true;
                    break;
                case "--json" when inlineValue is null:
                    parsed.Json = true;
                    break;
                case "-q" or "--quiet" when inlineValue is null:
                    parsed.Quiet = true;
                    break;
                case "--no-color" or "--no-colour" when inlineValue is null:
                    parsed.NoColor = true;
                    break;
                case "--mirror" when inlineValue is null:
                    parsed.Mirror = true;
                    break;
                case "--atomic" when inlineValue is null:
                    parsed.Atomic = true;
                    break;
                case "--" when inlineValue is null:
                    parsed.Positional.AddRange(args.Skip(i + 1));
                    i = args.Count;
                    break;
                default:
                    if (arg.StartsWith('-') && arg.Length > 1 && !IsVersionArgument(arg, parsed))
                    {
                        throw inlineValue is not null && Options.Contains(arg)
                            ? Usage($"option '{arg}' takes no value")
                            : Usage($"unknown option '{arg}'{Suggest(arg, Options)}", parsed);
                    }

                    if (!parsed.CommandGiven && parsed.Positional.Count == 0)
                    {
                        if (!Commands.Contains(arg))
                        {
                            throw Usage($"unknown command '{arg}'{Suggest(arg, Commands)}; the commands are: {string.Join(", ", Commands)}");
                        }

                        parsed.Command = arg;
                        parsed.CommandGiven = true;
                    }
                    else
                    {
                        parsed.Positional.Add(arg);
                    }

                    break;
            }
        }

        if (!parsed.Help)
        {
            Check(parsed);
        }

        return parsed;
    }

    /// <summary>Combinations that cannot work, found before the configuration is read.</summary>
    private static void Check(ParsedArguments parsed)
    {
        if (parsed.Json && !JsonCommands.Contains(parsed.Command))
        {
            throw Usage($"'{parsed.Command}' has no JSON output; leave out --json", parsed);
        }

        if (parsed.Command == "download" && parsed.Mirror && parsed.Atomic)
        {
            throw Usage("--mirror and --atomic exclude each other: --mirror updates TARGET in place, --atomic builds the version beside it and swaps it in", parsed);
        }
    }

    private static ProgressMode ParseProgress(string value) => value.ToLowerInvariant() switch
    {
        "auto" => ProgressMode.Auto,
        "plain" => ProgressMode.Plain,
        "none" => ProgressMode.None,
        _ => throw Usage($"--progress '{value}' is not one of auto, plain, none"),
    };

    private static string Value(IReadOnlyList<string> args, ref int i, string? inlineValue)
    {
        if (inlineValue is not null)
        {
            return inlineValue;
        }

        if (i + 1 >= args.Count)
        {
            throw Usage($"option '{args[i]}' needs a value");
        }

        return args[++i];
    }

    private static void AddLabel(ParsedArguments parsed, string pair)
    {
        var equals = pair.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw Usage($"label '{pair}' is not of the form KEY=VALUE (for example --label build=123)", parsed);
        }

        parsed.Labels[pair[..equals]] = pair[(equals + 1)..];
    }

    /// <summary>`; did you mean 'X'?` for a near miss, else nothing.</summary>
    internal static string Suggest(string word, IEnumerable<string> candidates)
    {
        var best = candidates
            .Select(c => (Candidate: c, Distance: Distance(word.ToLowerInvariant(), c)))
            .Where(c => c.Distance <= Math.Max(1, c.Candidate.Length / 4) || c.Candidate.StartsWith(word, StringComparison.Ordinal) && word.TrimStart('-').Length >= 3)
            .OrderBy(c => c.Distance)
            .FirstOrDefault();
        return best.Candidate is null ? "" : $" (did you mean '{best.Candidate}'?)";
    }

    /// <summary>The edit distance between two words (insertions, deletions, substitutions).</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    /// <summary>A usage error (exit code 2) that points at the help: the command's when it is known.</summary>
    public static RRBackupException Usage(string message, ParsedArguments? parsed = null) =>
        new(ErrorCodes.InvalidArguments, ErrorKind.Usage,
            message + (parsed is { CommandGiven: true } ? $"; see 'rrbackup {parsed.Command} --help'" : "; see 'rrbackup --help'"));

    /// <summary>
    /// S3 version ids may start with '-': where a command's first argument is a VERSION, a single-dash
    /// word longer than any short option is that version, not an option.
    /// </summary>
    private static bool IsVersionArgument(string arg, ParsedArguments parsed) =>
        !arg.StartsWith("--", StringComparison.Ordinal)
        && arg.Length > 2
        && parsed.CommandGiven
        && parsed.Positional.Count == 0
        && parsed.Command is "list_files" or "list_changes" or "download" or "verify";
}
