// LOAD: the tests replace this line with `#r ".../RRBackup.Cake.dll"` or `#addin nuget:...`.
// Commits ./base with ./configuration.ini, lists versions, changes and files, and downloads a chosen version.
// docs/cake.md shows these same calls in a Frosting task: keep the two alike.
var target = Argument("target", "Commit");
var version = Argument("backup-version", "latest");
var build = Argument("build-number", "1");

Task("Commit").Does(context =>
{
    var result = context.RRBackupCommit(new RRBackupCommitSettings
    {
        Message = "build " + build,
        Labels = { ["build"] = build },
    });
    Information("RESULT commit {0} added={1} changed={2} deleted={3} files={4}",
        result.VersionId, result.Added, result.Changed, result.Deleted, result.FileCount);
});

Task("Inspect").Does(context =>
{
    foreach (var v in context.RRBackupListVersions())
    {
        Information("RESULT version {0} #{1} files={2} message={3} labels={4}",
            v.VersionId, v.Sequence, v.FileCount, v.Message, string.Join(",", v.Labels.Select(l => l.Key + "=" + l.Value)));
    }

    foreach (var change in context.RRBackupListChanges("latest").Changes)
    {
        Information("RESULT change {0} {1}", change.Kind, change.Path);
    }

    foreach (var file in context.RRBackupListFiles(version).Files)
    {
        Information("RESULT file {0} {1}", file.Size, file.Path);
    }
});

Task("Download").Does(context =>
{
    var chosen = context.RRBackupDownload(version, "restored");
    Information("RESULT download {0} files={1}", chosen.VersionId, chosen.Files.Count);

    var labelled = context.RRBackupDownload("label:build=" + build, "restored-labelled", new RRBackupDownloadSettings
    {
        ConfigFile = "configuration.ini",
        Exclude = { "*.skip" },
    });
    Information("RESULT download-labelled {0} files={1}", labelled.VersionId, labelled.Files.Count);
});

Task("Commit-Inspect-Download").IsDependentOn("Commit").IsDependentOn("Inspect").IsDependentOn("Download");

Task("Commit-And-Download").IsDependentOn("Commit").IsDependentOn("Download");

RunTarget(target);
