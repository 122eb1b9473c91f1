using System.Diagnostics;
using System.Text;

namespace RRBackup.MSBuild.Tests.Support;

/// <summary>
/// Runs `dotnet ...` as a separate process in a clean environment: no MSBuild variables inherited from the
/// `dotnet test` that runs these tests, no build server, no node reuse (so no MSBuild process outlives a
/// build and keeps a task assembly loaded), no RRBackup password.
/// </summary>
public sealed class DotnetCommand
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(3);

    private static readonly Lazy<bool> EnvCanResetSignals = new(ProbeEnvDefaultSignal);

    private readonly ProcessStartInfo _start;
    private readonly StringBuilder _output = new();
    private readonly Lock _outputLock = new();
    private Process? _process;
    private Stopwatch? _clock;

    public DotnetCommand(string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        // Started through coreutils' env with its default-signal option where it has one: a process started from a
        // shell without job control inherits SIGINT as ignored, and then .NET never sees the Ctrl+C a test sends.
        var viaEnv = EnvCanResetSignals.Value;
        _start = new ProcessStartInfo(viaEnv ? "env" : DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        if (viaEnv)
        {
            _start.ArgumentList.Add("--default-signal=INT");
            _start.ArgumentList.Add(DotnetHost());
        }

        foreach (var argument in arguments)
        {
            _start.ArgumentList.Add(argument);
        }

        CommandLine = "dotnet " + string.Join(' ', arguments);
        foreach (var name in _start.Environment.Keys.ToList())
        {
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || name.StartsWith("RRBACKUP_", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
            {
                _start.Environment.Remove(name);
            }
        }

        _start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        _start.Environment["DOTNET_NOLOGO"] = "1";
        _start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        _start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        _start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        _start.Environment["LANG"] = "C.UTF-8";
        _start.Environment.Remove("LC_ALL");
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                _start.Environment.Remove(name);
            }
            else
            {
                _start.Environment[name] = value;
            }
        }
    }

    public string CommandLine { get; }

    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("not started");

    public bool HasExited => _process?.HasExited ?? false;

    public static ProcessOutcome Run(string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        var command = new DotnetCommand(workingDirectory, arguments, environment);
        command.Start();
        return command.WaitForExit(timeout ?? DefaultTimeout);
    }

    public void Start()
    {
        _clock = Stopwatch.StartNew();
        _process = new Process { StartInfo = _start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.StandardInput.Close();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Sends SIGINT, what Ctrl+C sends: MSBuild cancels the build and calls ICancelableTask.Cancel.</summary>
    public void Interrupt()
    {
        var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("kill did not start");
        kill.WaitForExit();
        Assert.That(kill.ExitCode, Is.EqualTo(0), "kill -INT failed");
    }

    public ProcessOutcome WaitForExit(TimeSpan timeout)
    {
        var process = _process ?? throw new InvalidOperationException("not started");
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"{CommandLine} did not finish within {timeout.TotalSeconds} s and was killed{Environment.NewLine}{Output}");
        }

        process.WaitForExit();
        var outcome = new ProcessOutcome(CommandLine, process.ExitCode, Output, _clock!.Elapsed);
        process.Dispose();
        TestContext.Out.WriteLine($"    [{outcome.Elapsed.TotalSeconds:0.0} s] {CommandLine} -> {outcome.ExitCode}");
        return outcome;
    }

    private string Output
    {
        get
        {
            lock (_outputLock)
            {
                return _output.ToString();
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputLock)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>The dotnet host running the tests (DOTNET_HOST_PATH), else 'dotnet' from PATH.</summary>
    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
    }

    private static bool ProbeEnvDefaultSignal()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            using var probe = Process.Start(new ProcessStartInfo("env", ["--default-signal=INT", "true"])
            {
                UseShellExecute = false,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            });
            if (probe is null)
            {
                return false;
            }

            probe.WaitForExit();
            return probe.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
