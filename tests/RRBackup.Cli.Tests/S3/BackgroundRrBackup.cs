using System.Diagnostics;
using System.Text;
using RRBackup.Cli.Tests.Support;

namespace RRBackup.Cli.Tests.S3;

/// <summary>
/// rrbackup started as a process that the test does not wait for at once (RrBackupProcess.Run blocks), so
/// that something can happen to the server while it runs. Kills the process if it is disposed still running.
/// </summary>
public sealed class BackgroundRrBackup : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly Task<string> _error;
    private readonly string[] _arguments;
    private readonly Stopwatch _clock;

    private BackgroundRrBackup(Process process, string[] arguments)
    {
        _process = process;
        _arguments = arguments;
        _clock = Stopwatch.StartNew();
        _process.StandardInput.Close();
        _output = _process.StandardOutput.ReadToEndAsync();
        _error = _process.StandardError.ReadToEndAsync();
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts `dotnet rrbackup.dll ARGS` in <paramref name="workingDirectory"/>.</summary>
    public static BackgroundRrBackup Start(string workingDirectory, params string[] arguments)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        var start = new ProcessStartInfo(!string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        start.ArgumentList.Add(RrBackupProcess.DllPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["LANG"] = "C.UTF-8";
        start.Environment.Remove("LC_ALL");
        var process = Process.Start(start) ?? throw new InvalidOperationException("the rrbackup process did not start");
        return new BackgroundRrBackup(process, arguments);
    }

    /// <summary>Waits for the process to exit; null if it has not within <paramref name="timeout"/> (it keeps running).</summary>
    public async Task<ProcessResult?> WaitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        var elapsed = _clock.Elapsed;
        var result = new ProcessResult([.. _arguments], _process.ExitCode, await _output, await _error, elapsed);
        TestContext.Out.WriteLine($"    [{elapsed.TotalSeconds:0.00}s] rrbackup {string.Join(' ', _arguments)} -> {result.ExitCode} (in the background)");
        return result;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }

        _process.Dispose();
    }
}
