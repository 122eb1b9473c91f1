using System.Text;

namespace RRBackup.Cake.Tests.Support;

/// <summary>
/// A temporary folder for one scenario: the repository's tool manifest (so `dotnet cake` is the pinned
/// cake.tool), configuration.ini, the folder to back up (base), the store, and the Cake script, run there.
/// </summary>
public sealed class CakeSandbox : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(false);

    /// <summary>How long one Cake run (script compile, addin install, engine work) may take.</summary>
    public static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    public CakeSandbox()
    {
        Root = Path.Combine(Path.GetTempPath(), "rrbackup-cake-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(BasePath);
        Directory.CreateDirectory(Path.Combine(Root, ".config"));
        File.Copy(RepositoryPaths.ToolManifest, Path.Combine(Root, ".config", "dotnet-tools.json"));
    }

    /// <summary>The Cake working directory, and the folder of configuration.ini and build.cake.</summary>
    public string Root { get; }

    public string BasePath => Path.Combine(Root, "base");

    public string StorePath => Path.Combine(Root, "store");

    public string ScriptFile => Path.Combine(Root, "build.cake");

    /// <summary>A path under the sandbox.</summary>
    public string PathOf(string name) => Path.Combine(Root, name);

    /// <summary>Writes configuration.ini: base, cache/manifest.json and store, all relative; with a password if given.</summary>
    public void WriteConfig(string? password = null)
    {
        var text = new StringBuilder()
            .AppendLine("[main]")
            .AppendLine("base_path:           base")
            .AppendLine("local_manifest_file: cache/manifest.json")
            .AppendLine($"crypt_password:      {password}")
            .AppendLine()
            .AppendLine("[local]")
            .AppendLine("path: store")
            .ToString();
        File.WriteAllText(PathOf("configuration.ini"), text, Utf8);
    }

    /// <summary>Writes build.cake from a sample script in Scripts/, with its first line replaced by <paramref name="loadDirective"/>.</summary>
    public void WriteScript(string sample, string loadDirective)
    {
        var lines = File.ReadAllLines(RepositoryPaths.Script(sample));
        Assert.That(lines[0], Does.StartWith("// LOAD"), $"the first line of {sample} is the placeholder for the load directive");
        lines[0] = loadDirective;
        File.WriteAllLines(ScriptFile, lines, Utf8);
    }

    public void WriteFile(string relativePath, string text) => WriteFile(relativePath, Utf8.GetBytes(text));

    public void WriteFile(string relativePath, byte[] content)
    {
        var path = Path.Combine(BasePath, relativePath.TrimStart('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }

    public void DeleteFile(string relativePath) => File.Delete(Path.Combine(BasePath, relativePath.TrimStart('/')));

    /// <summary>Runs `dotnet cake build.cake ARGS` in the sandbox at verbose verbosity.</summary>
    public ProcessResult RunCake(IReadOnlyList<string> arguments, string? addinsFolder = null)
    {
        var environment = new Dictionary<string, string>();
        if (addinsFolder is not null)
        {
            environment["CAKE_PATHS_ADDINS"] = addinsFolder;
        }

        return ProcessRunner.Dotnet(Root, ["cake", "build.cake", "--verbosity=verbose", .. arguments], RunTimeout, environment);
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
