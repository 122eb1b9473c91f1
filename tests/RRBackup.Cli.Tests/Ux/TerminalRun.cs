using System.Diagnostics;
using System.Text;
using RRBackup.Cli.Tests.Support;

namespace RRBackup.Cli.Tests.Ux;

/// <summary>Runs rrbackup on a pseudo-terminal (util-linux `script`), as a person at a terminal would, and returns what the terminal showed.</summary>
public static class TerminalRun
{
    public static bool Available => File.Exists("/usr/bin/script") && !OperatingSystem.IsWindows();

    /// <summary>Runs `dotnet rrbackup.dll ARGS` in <paramref name="workingDirectory"/> with standard output and error on one terminal.</summary>
    public static (int ExitCode, string Screen) Run(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        if (!Available)
        {
            Assert.Ignore("util-linux 'script' is needed to run rrbackup on a pseudo-terminal");
        }

        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h : "dotnet";
        var command = string.Join(' ', new[] { host, RrBackupProcess.DllPath }.Concat(arguments).Select(Quote));
        var start = new ProcessStartInfo("/usr/bin/script")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
        };
        foreach (var argument in new[] { "--quiet", "--return", "--command", command, "/dev/null" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["TERM"] = "xterm-256color";
        start.Environment.Remove("NO_COLOR");
        foreach (var (name, value) in environment)
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

        using var process = Process.Start(start) ?? throw new InvalidOperationException("script did not start");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(RrBackupProcess.DefaultTimeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"rrbackup {string.Join(' ', arguments)} on a terminal did not finish in time: {output.Result}");
        }

        process.WaitForExit();
        TestContext.Out.WriteLine($"    [terminal] rrbackup {string.Join(' ', arguments)} -> {process.ExitCode}");
        return (process.ExitCode, output.Result + error.Result);
    }

    private static string Quote(string argument) => "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
