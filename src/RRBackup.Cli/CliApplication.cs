using RRBackup.Cli.Commands;
using RRBackup.Engine;
using RRBackup.Engine.Configuration;
using RRBackup.Engine.Errors;

namespace RRBackup.Cli;

/// <summary>Runs one command line: parses it, loads the configuration, calls the engine, maps errors to exit codes.</summary>
public static class CliApplication
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            var parsed = ArgumentParser.Parse(args);
            if (parsed.Help)
            {
                output.WriteLine(HelpText.Text);
                return ExitCodes.Ok;
            }

            var config = ConfigurationLoader.Load(parsed.ConfigFile);
            foreach (var warning in config.Warnings)
            {
                error.WriteLine($"warning {ErrorCodes.ConfigUnknownKey}: {warning}");
            }

            await using var engine = BackupEngine.Open(config, new ConsoleEngineLog(output, error));
            return parsed.Command switch
            {
                "commit" => await CommitCommand.RunAsync(engine, parsed, output, cancellationToken),
                "list_versions" => await ListVersionsCommand.RunAsync(engine, parsed, output, cancellationToken),
                "list_files" => await ListFilesCommand.RunAsync(engine, parsed, output, cancellationToken),
                "list_changes" => await ListChangesCommand.RunAsync(engine, parsed, output, cancellationToken),
                "download" => await DownloadCommand.RunAsync(engine, parsed, output, cancellationToken),
                "decode" => await DecodeCommand.RunAsync(engine, parsed, output, cancellationToken),
                "recover" => await RecoverCommand.RunAsync(engine, parsed, output, error, cancellationToken),
                "change_password" => await ChangePasswordCommand.RunAsync(engine, parsed, output, cancellationToken),
                "verify" => await VerifyCommand.RunAsync(engine, parsed, output, error, cancellationToken),
                "garbage_collect" => await GarbageCollectCommand.RunAsync(engine, parsed, output, cancellationToken),
                _ => throw ArgumentParser.Usage($"unknown command '{parsed.Command}'"),
            };
        }
        catch (RRBackupException e)
        {
            error.WriteLine($"error {e.Code}: {e.Message}");
            return ExitCodes.For(e.Kind);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error.WriteLine("cancelled; nothing was committed by the interrupted command");
            return ExitCodes.Cancelled;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug, not a user error: say so plainly, with the type to report, and fail.
            error.WriteLine($"error: unexpected {e.GetType().Name}: {e.Message}");
            return ExitCodes.Unexpected;
        }
    }
}
