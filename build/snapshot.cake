// Snapshots artifacts/packages into the local RRBackup store that build/artifacts-backup.ini names, with
// the addin just built from src/RRBackup.Cake: the project keeps the history of its own packages.
// build/build.cake runs it after packing; by hand (after a Release build of src/RRBackup.Cake):
//
//   dotnet cake build/snapshot.cake --git-commit=$(git rev-parse HEAD)
//
// Relative paths below are taken from Cake's working directory: this script's folder, build/.
#r "../src/RRBackup.Cake/bin/Release/net10.0/RRBackup.Cake.dll"

var gitCommit = Argument("git-commit", "unknown");
var gitDirty = Argument("git-dirty", false);
var packageVersion = Argument("package-version", "0.1.0-local");

Task("Snapshot").Does(context =>
{
    var settings = new RRBackupCommitSettings
    {
        ConfigFile = "artifacts-backup.ini",
        Message = $"packages {packageVersion}",
        Labels = { ["git"] = gitCommit, ["version"] = packageVersion },
    };
    if (gitDirty)
    {
        settings.Labels["dirty"] = "true";
    }

    var result = context.RRBackupCommit(settings);
    Information("snapshot: version {0} of the packages ({1} added, {2} changed, {3} deleted; {4} files)",
        result.VersionId, result.Added, result.Changed, result.Deleted, result.FileCount);

    foreach (var change in context.RRBackupListChanges("latest", new RRBackupSettings { ConfigFile = "artifacts-backup.ini" }).Changes)
    {
        Information("  {0,-8} {1}", change.Kind, change.Path);
    }

    var versions = context.RRBackupListVersions(new RRBackupSettings { ConfigFile = "artifacts-backup.ini" });
    Information("the store holds {0} snapshots; this one is label:git={1}", versions.Count, gitCommit);
});

RunTarget("Snapshot");
