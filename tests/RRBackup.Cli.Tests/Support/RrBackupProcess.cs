using System.Diagnostics;
using System.Text;

namespace RRBackup.Cli.Tests.Support;

/// <summary>Runs the built rrbackup.dll as a separate process, with a timeout.</summary>
public static class RrBackupProcess
{
    /// <summary>How long one run may take before it is killed and the test fails.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The rrbackup.dll that the project reference copies beside the test assembly.</summary>
    public static string DllPath
    {
        get
        {
            var path = Path.Combine(TestContext.CurrentContext.TestDirectory, "rrbackup.dll");
            if (!File.Exists(path))
            {
                Assert.Fail($"the built CLI '{path}' does not exist; build tests/RRBackup.Cli.Tests first");
            }

            return path;
        }
    }

    /// <summary>Runs `dotnet rrbackup.dll ARGS` in <paramref name="workingDirectory"/> and waits for it.</summary>
    public static ProcessResult Run(string workingDirectory, IReadOnlyList<string> arguments, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        start.ArgumentList.Add(DllPath);
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
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("the rrbackup process did not start");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"rrbackup {string.Join(' ', arguments)} did not finish within {limit.TotalSeconds} s and was killed" +
                        $"{Environment.NewLine}stdout: {output.Result}{Environment.NewLine}stderr: {error.Result}");
        }

        process.WaitForExit();
        var result = new ProcessResult([.. arguments], process.ExitCode, output.Result, error.Result, clock.Elapsed);
        TestContext.Out.WriteLine($"    [{result.Elapsed.TotalSeconds:0.00}s] rrbackup {string.Join(' ', arguments)} -> {result.ExitCode}");
        return result;
    }

    /// <summary>The dotnet host running the tests (DOTNET_HOST_PATH), else 'dotnet' from PATH.</summary>
    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
    }
}
