using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Text;
using RRBackup.Cli.Tests.Support;

namespace RRBackup.Cli.Tests.Ux;

/// <summary>
/// The CLI packs as a dotnet tool: the package is packed into a temporary local feed, installed with
/// `dotnet tool install --tool-path`, and the installed `rrbackup` shows its help and makes an
/// encrypted commit (so libsodium's native library came with it).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ToolPackageTests
{
    private static readonly TimeSpan Slow = TimeSpan.FromMinutes(5);
    private string _root = null!;

    [SetUp]
    public void SetUp() => _root = Directory.CreateTempSubdirectory("rrbackup-tool-test-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    [Test]
    public void The_packed_tool_installs_from_a_local_feed_and_makes_an_encrypted_commit()
    {
        var feed = Directory.CreateDirectory(Path.Combine(_root, "feed")).FullName;
        var tools = Path.Combine(_root, "tools");
        var version = $"0.0.0-uxtest.{DateTime.UtcNow:yyyyMMddHHmmss}";
        File.WriteAllText(Path.Combine(_root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="test-feed" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        // The install restores the tool package alone, into a package folder of its own, from the feed alone.
        var environment = new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = Path.Combine(_root, "packages"),
            ["DOTNET_CLI_HOME"] = Path.Combine(_root, "home"),
        };

        // Pack the CLI as built for this test run (same configuration), without building it again.
        var configuration = typeof(ToolPackageTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var project = Path.Combine(RepositoryRoot(), "src", "RRBackup.Cli", "RRBackup.Cli.csproj");
        Run(Dotnet, ["pack", project, "-c", configuration, "--no-build", "--no-restore", "--nologo", "-o", feed, $"-p:Version={version}"], _root, []);
        var package = Path.Combine(feed, $"rrbackup.{version}.nupkg");
        Assert.That(File.Exists(package), Is.True, $"'{package}' was not packed: {string.Join(", ", Directory.GetFiles(feed))}");
        using (var zip = ZipFile.OpenRead(package))
        {
            var names = zip.Entries.Select(e => e.FullName).ToList();
            Assert.That(names, Does.Contain("tools/net10.0/any/rrbackup.dll"));
            Assert.That(names, Does.Contain("tools/net10.0/any/DotnetToolSettings.xml"));
            Assert.That(names, Does.Contain("tools/net10.0/any/runtimes/linux-x64/native/libsodium.so"), "native libsodium ships inside the tool");
            Assert.That(names, Does.Contain("tools/net10.0/any/runtimes/win-x64/native/libsodium.dll"));
            Assert.That(names, Has.None.StartsWith("tools/net10.0/any/runtimes/android-"), "no phone builds in a dotnet tool");
        }

        Run(Dotnet, ["tool", "install", "--tool-path", tools, "--add-source", feed, "rrbackup", "--version", version], _root, environment);
        var rrbackup = Path.Combine(tools, OperatingSystem.IsWindows() ? "rrbackup.exe" : "rrbackup");
        Assert.That(File.Exists(rrbackup), Is.True);

        var help = Run(rrbackup, ["--help"], _root, environment);
        Assert.That(help.Output, Does.Contain("Usage: rrbackup").And.Contain("list_versions"));

        // An encrypted commit, and the version back: libsodium (AEGIS-256, Argon2id) is loaded from the package.
        var work = Directory.CreateDirectory(Path.Combine(_root, "work")).FullName;
        Run(rrbackup, ["init"], work, environment);
        var config = File.ReadAllText(Path.Combine(work, "configuration.ini"))
            .Replace("# crypt_password:      a long passphrase", "crypt_password:      correct horse battery staple", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(work, "configuration.ini"), config);
        Directory.CreateDirectory(Path.Combine(work, "data"));
        File.WriteAllText(Path.Combine(work, "data", "secret.txt"), "attack at dawn\n");

        var commit = Run(rrbackup, ["--label", "build=1"], work, environment);
        Assert.That(commit.Output, Does.Contain("Committed version"));
        Assert.That(Directory.EnumerateFiles(Path.Combine(work, "store"), "*", SearchOption.AllDirectories)
            .Any(f => File.ReadAllText(f).Contains("attack at dawn", StringComparison.Ordinal)), Is.False, "the store holds the file encrypted");
        Run(rrbackup, ["download", "label:build=1", "restored"], work, environment);
        Assert.That(File.ReadAllText(Path.Combine(work, "restored", "secret.txt")), Is.EqualTo("attack at dawn\n"));
        var verify = Run(rrbackup, ["verify", "--read-data"], work, environment);
        Assert.That(verify.Output, Does.StartWith("OK"));
    }

    private static string Dotnet =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>The folder of the dotnet host, for the installed tool's launcher to find the runtime.</summary>
    private static string? DotnetRoot()
    {
        var host = Dotnet == "dotnet"
            ? Environment.GetEnvironmentVariable("PATH")?.Split(Path.PathSeparator).Select(p => Path.Combine(p, "dotnet")).FirstOrDefault(File.Exists)
            : Dotnet;
        return host is null ? null : Path.GetDirectoryName(new FileInfo(host).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? host);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "src", "RRBackup.Cli", "RRBackup.Cli.csproj")))
            {
                return folder.FullName;
            }
        }

        Assert.Fail("the repository (src/RRBackup.Cli) was not found above the test folder");
        return "";
    }

    private static (string Output, string Error) Run(string program, string[] arguments, string workingDirectory, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(program)
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
        start.Environment.Remove("RRBACKUP_CRYPT_PASSWORD");
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment.Remove("MSBuildSDKsPath");
        if (DotnetRoot() is { } root)
        {
            start.Environment["DOTNET_ROOT"] = root;
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Slow))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', arguments)} did not finish within {Slow}: {output.Result}{error.Result}");
        }

        process.WaitForExit();
        TestContext.Out.WriteLine($"    [{clock.Elapsed.TotalSeconds:0.0}s] {Path.GetFileName(program)} {string.Join(' ', arguments)} -> {process.ExitCode}");
        Assert.That(process.ExitCode, Is.Zero, $"{program} {string.Join(' ', arguments)} failed:{Environment.NewLine}{output.Result}{Environment.NewLine}{error.Result}");
        return (output.Result, error.Result);
    }
}
