// The repository's own build: restore, build, test, pack the three deliverables into artifacts/packages,
// then snapshot artifacts/packages into a local RRBackup store with the Cake addin, labelled with the
// git commit. Run from the repository root:
//
//   dotnet tool restore && dotnet cake build/build.cake                               (everything)
//   dotnet tool restore && dotnet cake build/build.cake --target=Pack-And-Snapshot    (no tests)
//
// Targets: Restore, Build, Test, Pack, Snapshot, Pack-And-Snapshot, Default (= all of them).
// Arguments: --package-version=X.Y.Z (default 0.1.0-local).
//
// Cake compiles a script (and resolves its #r) before it runs any task, so this script cannot load the
// addin it is about to build. The Snapshot task therefore runs a second script, build/snapshot.cake,
// which loads the freshly built addin with #r.

var target = Argument("target", "Default");
var packageVersion = Argument("package-version", "0.1.0-local");

// Cake's working directory is this script's folder (build/).
var root = MakeAbsolute(Directory(".."));
var solution = root.CombineWithFilePath("RRBackup.Tasks.sln");
var packages = root.Combine("artifacts/packages");
var testResults = root.Combine("artifacts/test-results");
const string BuildConfiguration = "Release"; // build/snapshot.cake loads src/RRBackup.Cake/bin/Release/net10.0/.
var notPacked = new List<string>();

DotNetMSBuildSettings Versioned() => new DotNetMSBuildSettings().WithProperty("Version", packageVersion);

DotNetPackSettings PackSettings(DotNetMSBuildSettings msbuild) => new DotNetPackSettings
{
    Configuration = BuildConfiguration,
    NoBuild = true,
    NoRestore = true,
    OutputDirectory = packages,
    MSBuildSettings = msbuild,
};

Task("Restore").Does(() =>
{
    DotNetRestore(solution.FullPath);
});

Task("Build").IsDependentOn("Restore").Does(() =>
{
    DotNetBuild(solution.FullPath, new DotNetBuildSettings
    {
        Configuration = BuildConfiguration,
        NoRestore = true,
        MSBuildSettings = Versioned(),
    });
});

Task("Test").IsDependentOn("Build").Does(() =>
{
    // The S3 tests skip without a server; ./test.sh starts one (as root) and is what CI runs.
    DotNetTest(solution.FullPath, new DotNetTestSettings
    {
        Configuration = BuildConfiguration,
        NoBuild = true,
        NoRestore = true,
        ResultsDirectory = testResults,
        Loggers = { "trx" },
    });
});

Task("Pack").IsDependentOn("Build").Does(() =>
{
    CleanDirectory(packages);

    // The Cake addin: Cake.RRBackup.
    DotNetPack(root.CombineWithFilePath("src/RRBackup.Cake/RRBackup.Cake.csproj").FullPath, PackSettings(Versioned()));

    // The rrbackup command as a dotnet tool. Until the CLI project says so itself, say it here.
    var cli = root.CombineWithFilePath("src/RRBackup.Cli/RRBackup.Cli.csproj");
    var cliSettings = Versioned();
    if (!System.IO.File.ReadAllText(cli.FullPath).Contains("<PackAsTool>"))
    {
        cliSettings = cliSettings.WithProperty("PackAsTool", "true").WithProperty("ToolCommandName", "rrbackup");
    }

    DotNetPack(cli.FullPath, PackSettings(cliSettings));

    // The MSBuild tasks package, when its project packs.
    try
    {
        DotNetPack(root.CombineWithFilePath("src/RRBackup.MSBuild/RRBackup.MSBuild.csproj").FullPath, PackSettings(Versioned()));
    }
    catch (Exception e)
    {
        notPacked.Add("src/RRBackup.MSBuild: " + e.Message);
        Warning("src/RRBackup.MSBuild did not pack ({0}); the snapshot goes on without it", e.Message);
    }

    foreach (var package in GetFiles(packages.FullPath + "/*.nupkg"))
    {
        Information("packed {0}", package.GetFilename());
    }
});

Task("Snapshot").Does(() =>
{
    var git = GitCommit();
    var arguments = new ProcessArgumentBuilder()
        .Append("cake")
        .AppendQuoted(root.CombineWithFilePath("build/snapshot.cake").FullPath)
        .Append("--git-commit=" + git.Commit)
        .Append("--git-dirty=" + (git.Dirty ? "true" : "false"))
        .Append("--package-version=" + packageVersion);
    var exitCode = StartProcess("dotnet", new ProcessSettings { Arguments = arguments, WorkingDirectory = root });
    if (exitCode != 0)
    {
        throw new CakeException(exitCode, $"build/snapshot.cake failed with exit code {exitCode}");
    }
});

Task("Pack-And-Snapshot").IsDependentOn("Pack").IsDependentOn("Snapshot");

Task("Default").IsDependentOn("Test").IsDependentOn("Pack").IsDependentOn("Snapshot");

Teardown(context =>
{
    foreach (var line in notPacked)
    {
        Warning("not packed: {0}", line);
    }
});

RunTarget(target);

(string Commit, bool Dirty) GitCommit()
{
    try
    {
        var settings = new ProcessSettings { Arguments = "rev-parse HEAD", WorkingDirectory = root, RedirectStandardOutput = true };
        if (StartProcess("git", settings, out var head) != 0)
        {
            return ("unknown", false);
        }

        var status = new ProcessSettings { Arguments = "status --porcelain", WorkingDirectory = root, RedirectStandardOutput = true };
        StartProcess("git", status, out var changes);
        return (head.First().Trim(), changes.Any(l => l.Trim().Length > 0));
    }
    catch (Exception e)
    {
        Warning("git is not available ({0}); the snapshot is labelled git=unknown", e.Message);
        return ("unknown", false);
    }
}
