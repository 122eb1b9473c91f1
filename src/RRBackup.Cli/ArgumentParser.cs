using RRBackup.Engine.Errors;

namespace RRBackup.Cli;

/// <summary>Parses the command line: `rrbackup [COMMAND] [ARGS] [OPTIONS]`.</summary>
public static class ArgumentParser
{
    public static readonly string[] Commands = ["commit", "list_versions", "list_files", "list_changes", "download", "decode", "recover", "change_password", "verify", "garbage_collect"];

    public static ParsedArguments Parse(IReadOnlyList<string> args)
    {
        var parsed = new ParsedArguments();
        var commandSeen = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "-h" or "--help" or "help":
                    parsed.Help = true;
                    break;
                case "-c" or "--config":
                    parsed.ConfigFile = Value(args, ref i);
                    break;
                case "-m" or "--message":
                    parsed.Message = Value(args, ref i);
                    break;
                case "-l" or "--label":
                    AddLabel(parsed, Value(args, ref i));
                    break;
                case "--include":
                    parsed.Include.Add(Value(args, ref i));
                    break;
                case "--exclude":
                    parsed.Exclude.Add(Value(args, ref i));
                    break;
                case "--all":
                    parsed.All = true;
                    break;
                case "--read-data":
                    parsed.ReadData = true;
                    break;
                case "--dry-run":
                    parsed.DryRun = true;
                    break;
                case "--new-password-file":
                    parsed.NewPasswordFile = Value(args, ref i);
                    break;
                case "--":
                    parsed.Positional.AddRange(args.Skip(i + 1));
                    i = args.Count;
                    break;
                default:
                    if (arg.StartsWith('-') && arg.Length > 1)
                    {
                        throw Usage($"unknown option '{arg}'");
                    }

                    if (!commandSeen && parsed.Positional.Count == 0)
                    {
                        if (!Commands.Contains(arg))
                        {
                            throw Usage($"unknown command '{arg}'; commands are: {string.Join(", ", Commands)}");
                        }

                        parsed.Command = arg;
                        commandSeen = true;
                    }
                    else
                    {
                        parsed.Positional.Add(arg);
                    }

                    break;
            }
        }

        return parsed;
    }

    private static string Value(IReadOnlyList<string> args, ref int i)
    {
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
            throw Usage($"label '{pair}' is not of the form KEY=VALUE");
        }

        parsed.Labels[pair[..equals]] = pair[(equals + 1)..];
    }

    public static RRBackupException Usage(string message) =>
        new(ErrorCodes.InvalidArguments, ErrorKind.Usage, message + "; see 'rrbackup --help'");
}
