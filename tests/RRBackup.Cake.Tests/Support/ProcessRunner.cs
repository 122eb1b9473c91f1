using System.Diagnostics;
using System.Text;

namespace RRBackup.Cake.Tests.Support;

/// <summary>Runs `dotnet ...` as a separate process with a timeout.</summary>
public static class ProcessRunner
{
    public static ProcessResult Dotnet(string workingDirectory, IReadOnlyList<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
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
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["NO_COLOR"] = "1";
        start.Environment.Remove("RRBACKUP_CRYPT_PASSWORD");
        start.Environment.Remove("RRBACKUP_NEW_CRYPT_PASSWORD");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var commandLine = "dotnet " + string.Join(' ', arguments.Select(a => a.Any(char.IsWhiteSpace) ? $"\"{a}\"" : a));
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"'{commandLine}' did not start");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"'{commandLine}' did not finish within {timeout.TotalSeconds} s and was killed" +
                        $"{Environment.NewLine}stdout: {output.Result}{Environment.NewLine}stderr: {error.Result}");
        }

        process.WaitForExit();
        var result = new ProcessResult(commandLine, process.ExitCode, output.Result, error.Result, clock.Elapsed);
        TestContext.Progress.WriteLine($"    [{result.Elapsed.TotalSeconds:0.0}s] {commandLine} -> {result.ExitCode}");
        return result;
    }

    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
    }
}
