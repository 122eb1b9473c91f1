using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Build.Framework;
using RRBackup.Engine;
using RRBackup.Engine.Configuration;
using RRBackup.Engine.Errors;

namespace RRBackup.MSBuild;

/// <summary>
/// What every RRBackup task shares: it loads <see cref="ConfigFile"/>, opens the engine, runs one engine call,
/// and maps the outcome to MSBuild: an <see cref="RRBackupException"/> becomes an error with its RRB#### code
/// and the configuration file, an engine warning a warning with its code, and cancellation
/// (<see cref="ICancelableTask"/>, Ctrl+C) stops the engine's transfers through one cancellation token.
/// </summary>
/// <remarks>
/// Relative paths given to a task (ConfigFile, BasePath, Target, FilterFile) resolve against the folder of
/// the project being built ($(MSBuildProjectDirectory)), as with MSBuild's own tasks. Paths inside the
/// configuration file resolve, as everywhere, against the configuration file's folder.
/// </remarks>
public abstract partial class RRBackupTask : Microsoft.Build.Utilities.Task, ICancelableTask
{
    private readonly CancellationTokenSource _cancellation = new();

    /// <summary>The configuration file (configuration.ini); relative to the project folder.</summary>
    [Required]
    public string ConfigFile { get; set; } = "";

    /// <summary>Stops the engine's work: transfers end promptly and nothing is committed by an interrupted commit.</summary>
    public void Cancel() => _cancellation.Cancel();

    public sealed override bool Execute()
    {
        var configFile = "";
        try
        {
            if (string.IsNullOrWhiteSpace(ConfigFile))
            {
                throw Usage("ConfigFile is empty; give the configuration file (configuration.ini), relative to the project folder");
            }

            configFile = ResolvePath(ConfigFile);
            if (!File.Exists(configFile))
            {
                throw new RRBackupException(ErrorCodes.ConfigFileMissing, ErrorKind.Configuration,
                    $"configuration file '{configFile}' does not exist" +
                    (Path.IsPathRooted(ConfigFile) ? "" : $" (a relative ConfigFile is taken from the project folder '{ProjectDirectory}')"));
            }

            using (ThreadPoolHeadroom.Reserve())
            {
                RunAsync(configFile, _cancellation.Token).GetAwaiter().GetResult();
            }
        }
        catch (Exception e) when (_cancellation.IsCancellationRequested && IsCancellation(e))
        {
            // Not an error: the build is being cancelled, and MSBuild says so. A cancelled task fails.
            Log.LogMessage(MessageImportance.High, $"{GetType().Name}: cancelled; {CancelledOutcome}");
            return false;
        }
        catch (RRBackupException e)
        {
            LogError(e.Code, configFile, e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug, not a user error: say so plainly, with the type to report, and fail the build.
            Log.LogError(null, null, null, configFile, 0, 0, 0, 0, $"{GetType().Name}: unexpected {e.GetType().Name}: {e.Message}");
            Log.LogMessage(MessageImportance.Low, e.ToString());
        }

        return !Log.HasLoggedErrors;
    }

    private async Task RunAsync(string configFile, CancellationToken cancellationToken)
    {
        var config = ConfigurationLoader.Load(configFile);
        foreach (var warning in config.Warnings)
        {
            LogWarning(ErrorCodes.ConfigUnknownKey, configFile, warning);
        }

        var engine = BackupEngine.Open(Configure(config), new TaskEngineLog(this, configFile));
        await using (engine.ConfigureAwait(false))
        {
            await ExecuteAsync(engine, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Whether an exception is, or wraps, the cancellation of the engine's work.</summary>
    private static bool IsCancellation(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is OperationCanceledException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What an interrupted run leaves behind, for the cancellation message.</summary>
    protected virtual string CancelledOutcome => "nothing was changed";

    /// <summary>The folder of the project being built; relative paths resolve against it.</summary>
    /// <remarks>
    /// MSBuild makes it the current folder while it builds the project, in its own process and in a task host,
    /// and its own tasks rely on that. <c>BuildEngine.ProjectFileOfTaskNode</c> is not it: that names the file
    /// that holds the task element, such as this package's .targets file or a Directory.Build.targets.
    /// </remarks>
    protected static string ProjectDirectory => Directory.GetCurrentDirectory();

    /// <summary>Adjusts the loaded configuration with task parameters (BasePath); the default changes nothing.</summary>
    protected virtual BackupConfiguration Configure(BackupConfiguration config) => config;

    /// <summary>Runs the task's one engine call and sets its outputs.</summary>
    protected abstract Task ExecuteAsync(BackupEngine engine, CancellationToken cancellationToken);

    /// <summary>An absolute path, without a trailing separator: a relative one is taken from the project folder.</summary>
    protected string ResolvePath(string path)
    {
        var full = Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(ProjectDirectory, path));
        return Path.GetPathRoot(full) == full ? full : Path.TrimEndingDirectorySeparator(full);
    }

    protected static RRBackupException Usage(string message) => new(ErrorCodes.InvalidArguments, ErrorKind.Usage, message);

    internal void LogWarning(string code, string file, string message) =>
        Log.LogWarning(null, code, null, file, LineOf(message), 0, 0, 0, WithoutFilePrefix(message, file));

    internal void LogInfo(string message) => Log.LogMessage(MessageImportance.Normal, message);

    private void LogError(string code, string file, string message) =>
        Log.LogError(null, code, null, file, LineOf(message), 0, 0, 0, WithoutFilePrefix(message, file));

    /// <summary>Engine messages about the configuration start with its path; MSBuild shows the file already.</summary>
    private static string WithoutFilePrefix(string message, string file) =>
        file.Length > 0 && message.StartsWith(file + ": ", StringComparison.Ordinal) ? message[(file.Length + 2)..] : message;

    /// <summary>The line a configuration message names ("... (line 6): ..."), or 0.</summary>
    private static int LineOf(string message)
    {
        var match = LinePattern().Match(message);
        return match.Success && int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var line) ? line : 0;
    }

    [GeneratedRegex(@"\(line (\d+)\)")]
    private static partial Regex LinePattern();
}
