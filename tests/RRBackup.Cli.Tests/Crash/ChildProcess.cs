using System.Diagnostics;
using System.Text;
using RRBackup.Cli.Tests.Support;

namespace RRBackup.Cli.Tests.Crash;

/// <summary>
/// The built rrbackup started as a child process that the test may kill (SIGKILL of the whole process
/// tree) at any moment, with environment variables set or removed.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly Task<string> _error;
    private readonly string[] _arguments;
    private readonly Stopwatch _clock;

    private ChildProcess(Process process, string[] arguments)
    {
        _process = process;
        _arguments = arguments;
        _clock = Stopwatch.StartNew();
        _process.StandardInput.Close();
        _output = _process.StandardOutput.ReadToEndAsync();
        _error = _process.StandardError.ReadToEndAsync();
    }

    /// <summary>Whether the test killed the process while it was still running.</summary>
    public bool WasKilled { get; private set; }

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>
    /// Starts `dotnet rrbackup.dll ARGS` in <paramref name="workingDirectory"/>. Each entry of
    /// <paramref name="environment"/> sets a variable, or removes it when its value is null.
    /// </summary>
    public static ChildProcess Start(string workingDirectory, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
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
        start.Environment.Remove("RRBACKUP_CRYPT_PASSWORD");
        start.Environment.Remove("RRBACKUP_NEW_CRYPT_PASSWORD");
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("the rrbackup process did not start");
        return new ChildProcess(process, [.. arguments]);
    }

    /// <summary>Runs rrbackup to its end (killing it and failing the test after <paramref name="timeout"/>).</summary>
    public static ProcessResult Run(string workingDirectory, IReadOnlyList<string> arguments, TimeSpan? timeout = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        using var child = Start(workingDirectory, arguments, environment);
        var limit = timeout ?? RrBackupProcess.DefaultTimeout;
        var result = child.Wait(limit);
        if (result is null)
        {
            child.Kill();
            var killed = child.Wait(TimeSpan.FromSeconds(30));
            Assert.Fail($"rrbackup {string.Join(' ', arguments)} did not finish within {limit.TotalSeconds} s and was killed{Environment.NewLine}{killed}");
        }

        return result!;
    }

    /// <summary>Sends SIGKILL to the process and everything it started, if it is still running.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                WasKilled = true;
            }
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
    }

    /// <summary>Waits for the process to end; null if it is still running after <paramref name="timeout"/>.</summary>
    public ProcessResult? Wait(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return null;
        }

        _process.WaitForExit();
        var result = new ProcessResult([.. _arguments], _process.ExitCode, _output.Result, _error.Result, _clock.Elapsed);
        TestContext.Out.WriteLine($"    [{result.Elapsed.TotalSeconds:0.00}s] rrbackup {string.Join(' ', _arguments)} -> {result.ExitCode}{(WasKilled ? " (killed)" : "")}");
        return result;
    }

    public void Dispose()
    {
        Kill();
        _process.WaitForExit(10_000);
        _process.Dispose();
    }
}
