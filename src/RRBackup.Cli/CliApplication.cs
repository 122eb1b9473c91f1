using RRBackup.Cli.Commands;
using RRBackup.Cli.Help;
using RRBackup.Cli.Output;
using RRBackup.Engine;
using RRBackup.Engine.Configuration;
using RRBackup.Engine.Errors;

namespace RRBackup.Cli;

/// <summary>Runs one command line: parses it, loads the configuration, calls the engine, maps errors to exit codes.</summary>
public static class CliApplication
{
    /// <summary>Runs with writers that are not terminals (no colours, no live display).</summary>
    public static Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        RunAsync(args, output, error, TerminalInfo.None, cancellationToken);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, TerminalInfo terminal, CancellationToken cancellationToken)
    {
        var ui = new CliOutput(output, error, terminal);
        try
        {
            var parsed = ArgumentParser.Parse(args);
            ui = new CliOutput(output, error, terminal, parsed.Json, parsed.Quiet, parsed.NoColor);
            if (parsed.Help)
            {
                ui.Raw((parsed.CommandGiven ? HelpText.ForCommand(parsed.Command) : HelpText.General).TrimEnd() + Environment.NewLine);
                return ExitCodes.Ok;
            }

            if (parsed.Command == "init")
            {
                return InitCommand.Run(parsed, ui);
            }

            var config = LoadConfiguration(parsed);
            foreach (var warning in config.Warnings)
            {
                ui.Warning(ErrorCodes.ConfigUnknownKey, warning);
            }

            ui.Progress = ChooseProgress(parsed, ui, terminal, error);
            await using var engine = BackupEngine.Open(config, new CliEngineLog(ui));
            var context = new CommandContext(engine, parsed, ui, cancellationToken);
            return parsed.Command switch
            {
                "commit" => await CommitCommand.RunAsync(context),
                "list_versions" => await ListVersionsCommand.RunAsync(context),
                "list_files" => await ListFilesCommand.RunAsync(context),
                "list_changes" => await ListChangesCommand.RunAsync(context),
                "download" => await DownloadCommand.RunAsync(context),
                "decode" => await DecodeCommand.RunAsync(context),
                "recover" => await RecoverCommand.RunAsync(context),
                "change_password" => await ChangePasswordCommand.RunAsync(context),
                "verify" => await VerifyCommand.RunAsync(context),
                "garbage_collect" => await GarbageCollectCommand.RunAsync(context),
                _ => throw ArgumentParser.Usage($"unknown command '{parsed.Command}'"),
            };
        }
        catch (RRBackupException e)
        {
            ui.Error(e.Code, e.Message);
            return ExitCodes.For(e.Kind);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            ui.Error("cancelled; nothing was committed by the interrupted command");
            return ExitCodes.Cancelled;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug, not a user error: say so plainly, with the type to report, and fail.
            ui.Error($"unexpected {e.GetType().Name}: {e.Message}");
            return ExitCodes.Unexpected;
        }
    }

    /// <summary>Reads the configuration; a missing file points at `rrbackup init`.</summary>
    private static BackupConfiguration LoadConfiguration(ParsedArguments parsed)
    {
        var file = Path.GetFullPath(parsed.ConfigFile);
        if (!File.Exists(file) && !Directory.Exists(file))
        {
            var init = parsed.ConfigGiven ? $"rrbackup init {parsed.ConfigFile}" : "rrbackup init";
            throw new RRBackupException(ErrorCodes.ConfigFileMissing, ErrorKind.Configuration,
                $"configuration file '{file}' does not exist; run '{init}' to write a commented starter one, or name another with --config PATH");
        }

        return ConfigurationLoader.Load(parsed.ConfigFile);
    }

    /// <summary>A live display on a terminal, a few lines in a log, nothing with --quiet or --progress none.</summary>
    private static IProgressDisplay ChooseProgress(ParsedArguments parsed, CliOutput ui, TerminalInfo terminal, TextWriter error)
    {
        if (parsed.Quiet || parsed.Progress == ProgressMode.None)
        {
            return NoProgress.Instance;
        }

        if (parsed.Progress == ProgressMode.Auto && terminal.ErrorIsTerminal)
        {
            return new LiveProgress(error, ui.Err.Enabled);
        }

        return new PlainProgress(ui.ProgressLine, parsed.Progress == ProgressMode.Plain ? TimeSpan.Zero : PlainProgress.DefaultDelay);
    }
}
