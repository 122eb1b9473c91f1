// LOAD: the tests replace this line with `#r ".../RRBackup.Cake.dll"` or `#addin nuget:...`.
// The script aliases themselves (no task, no `context.`): a failure here ends Cake with the rrbackup exit code.
var result = RRBackupCommit("configuration.ini");
Information("RESULT commit {0} files={1}", result.VersionId, result.FileCount);
RRBackupDownload(Argument<string>("backup-version"), "restored");
