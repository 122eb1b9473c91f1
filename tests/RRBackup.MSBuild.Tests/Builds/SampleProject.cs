using System.Security;
using System.Text;
using RRBackup.Engine;
using RRBackup.Engine.Configuration;
using RRBackup.Engine.Manifest;
using RRBackup.MSBuild.Tests.Support;

namespace RRBackup.MSBuild.Tests.Builds;

/// <summary>
/// A minimal class library in its own folder under the run's temporary root, referencing the packed
/// RRBackup.MSBuild, built with `dotnet build` as a separate process. Layout: FOLDER/app/app.csproj (the
/// project), FOLDER/app/backup.ini (its configuration), FOLDER/store and FOLDER/cache (outside the output).
/// </summary>
public sealed class SampleProject
{
    private SampleProject(string folder, string projectPath)
    {
        Folder = folder;
        ProjectFolder = Path.Combine(folder, projectPath);
        Directory.CreateDirectory(ProjectFolder);
    }

    /// <summary>The sample's own folder (the store and cache of its configuration live here).</summary>
    public string Folder { get; }

    /// <summary>FOLDER/app, unless the sample was created with another project path.</summary>
    public string ProjectFolder { get; }

    public string ProjectFile => Path.Combine(ProjectFolder, "app.csproj");

    public string ConfigFile => Path.Combine(ProjectFolder, "backup.ini");

    public string StoreFolder => Path.Combine(Folder, "store");

    /// <summary>The output folder of a Debug build.</summary>
    public string OutputFolder => Path.Combine(ProjectFolder, "bin", "Debug", "net10.0");

    /// <summary>
    /// A new sample: <paramref name="properties"/> go into its PropertyGroup, <paramref name="body"/> (targets) after
    /// it; the project goes into FOLDER/<paramref name="projectPath"/>.
    /// </summary>
    public static SampleProject Create(string name, string properties = "", string body = "", string projectPath = "app")
    {
        var folder = Path.Combine(PackageFeed.Current.Root, $"{name}-{Guid.NewGuid().ToString("N")[..8]}");
        var sample = new SampleProject(folder, projectPath);
        File.WriteAllText(sample.ProjectFile, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                {properties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="RRBackup.MSBuild" Version="{PackageFeed.Current.Version}" />
              </ItemGroup>
              {body}
            </Project>

            """);
        File.WriteAllText(Path.Combine(sample.ProjectFolder, "Library.cs"), """
            namespace Sample;

            public static class Library
            {
                public static int Answer => 42;
            }

            """);
        return sample;
    }

    /// <summary>Writes backup.ini for a local store in FOLDER/store, with <paramref name="mainExtra"/> lines added to [main].</summary>
    public string WriteLocalConfig(string basePath = "../data", string mainExtra = "")
    {
        var text = new StringBuilder()
            .AppendLine("[main]")
            .AppendLine($"base_path:           {basePath}")
            .AppendLine("local_manifest_file: ../cache/manifest.json")
            .AppendLine(mainExtra)
            .AppendLine("[local]")
            .AppendLine("path: ../store")
            .ToString();
        File.WriteAllText(ConfigFile, text);
        return ConfigFile;
    }

    public void WriteConfig(string text) => File.WriteAllText(ConfigFile, text);

    /// <summary>`dotnet build` of the project, waiting for it.</summary>
    public ProcessOutcome Build(params string[] arguments) =>
        DotnetCommand.Run(ProjectFolder, BuildArguments(arguments), PackageFeed.Current.BuildEnvironment);

    /// <summary>`dotnet build` of the project, started and not waited for.</summary>
    public DotnetCommand StartBuild(params string[] arguments)
    {
        var command = new DotnetCommand(ProjectFolder, BuildArguments(arguments), PackageFeed.Current.BuildEnvironment);
        command.Start();
        return command;
    }

    /// <summary>`dotnet restore`, so that a later build spends its time on the build itself.</summary>
    public void Restore()
    {
        var outcome = DotnetCommand.Run(ProjectFolder, ["restore", ProjectFile, "-nodeReuse:false", "-tl:off"], PackageFeed.Current.BuildEnvironment);
        Assert.That(outcome.Succeeded, Is.True, outcome.ToString());
    }

    /// <summary>The versions of the sample's store, read through the engine.</summary>
    public IReadOnlyList<VersionInfo> Versions(string? password = null) =>
        UseEngine(ConfigFile, (engine, ct) => engine.ListVersionsAsync(ct), password);

    public VersionFiles Files(string selector, string? password = null) =>
        UseEngine(ConfigFile, (engine, ct) => engine.ListFilesAsync(selector, ct), password);

    /// <summary>Opens the engine on <paramref name="configFile"/> (the password from the file, else <paramref name="password"/>) and runs one call.</summary>
    public static T UseEngine<T>(string configFile, Func<BackupEngine, CancellationToken, Task<T>> action, string? password = null)
    {
        return Run().GetAwaiter().GetResult();

        async Task<T> Run()
        {
            var config = ConfigurationLoader.Load(configFile, name => name == ConfigurationLoader.PasswordVariable ? password : null);
            var engine = BackupEngine.Open(config);
            await using (engine)
            {
                return await action(engine, CancellationToken.None);
            }
        }
    }

    /// <summary>Every file under <paramref name="folder"/> as its backup path ("/sub/name"), sorted.</summary>
    public static List<string> BackupPaths(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => "/" + Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)];

    /// <summary>Text for an XML attribute.</summary>
    public static string Xml(string text) => SecurityElement.Escape(text);

    private IEnumerable<string> BuildArguments(string[] arguments) =>
        ["build", ProjectFile, "-nodeReuse:false", "-tl:off", .. arguments];
}
