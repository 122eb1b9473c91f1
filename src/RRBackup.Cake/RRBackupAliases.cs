using Cake.Core;
using Cake.Core.Annotations;
using Cake.Core.IO;
using RRBackup.Engine;
using RRBackup.Engine.Commit;
using RRBackup.Engine.Manifest;
using RRBackup.Engine.Restore;

namespace RRBackup.Cake;

/// <summary>
/// <para>
/// RRBackup aliases: commit a folder as a new version of a backup, list versions, files and changes, and
/// download any version, or part of one. Each alias reads an RRBackup configuration file
/// (<c>configuration.ini</c> in the Cake working directory unless the settings name another) and reaches the
/// same behaviour as the <c>rrbackup</c> command.
/// </para>
/// <para>
/// A version is named as the <c>rrbackup</c> command names it: <c>latest</c>, a version id, a unique prefix of
/// one, or <c>label:KEY=VALUE</c> (the newest version carrying that label). Relative paths are taken from the
/// Cake working directory. A failure throws a <see cref="CakeException"/> that stops the build: its message starts
/// with the RRB#### code, its <see cref="CakeException.ExitCode"/> is the rrbackup command's exit code for the
/// same failure (5 for an unknown version), and its inner exception is the engine's
/// <see cref="Engine.Errors.RRBackupException"/> (<c>Code</c>, <c>Kind</c>).
/// </para>
/// <para>Load the addin with <c>#addin nuget:?package=Cake.RRBackup&amp;loaddependencies=true</c>.</para>
/// </summary>
[CakeAliasCategory("RRBackup")]
[CakeNamespaceImport("RRBackup.Cake")]
[CakeNamespaceImport("RRBackup.Engine.Manifest")]
public static class RRBackupAliases
{
    /// <summary>Commits the <c>base_path</c> of <c>./configuration.ini</c> as a new version.</summary>
    /// <param name="context">The Cake context.</param>
    /// <returns>What the commit did: the new version id (null when nothing changed) and the counts.</returns>
    /// <example>
    /// <code>
    /// var result = RRBackupCommit();
    /// Information("version {0}: {1} added, {2} changed", result.VersionId, result.Added, result.Changed);
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static CommitResult RRBackupCommit(this ICakeContext context) =>
        RRBackupCommit(context, new RRBackupCommitSettings());

    /// <summary>Commits the <c>base_path</c> of a configuration file as a new version.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="configFile">The configuration file; a relative path is taken from the working directory.</param>
    /// <returns>What the commit did: the new version id (null when nothing changed) and the counts.</returns>
    /// <example>
    /// <code>
    /// var result = RRBackupCommit("backup/configuration.ini");
    /// Information("version {0}, {1} files", result.VersionId, result.FileCount);
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static CommitResult RRBackupCommit(this ICakeContext context, FilePath configFile)
    {
        ArgumentNullException.ThrowIfNull(configFile);
        return RRBackupCommit(context, new RRBackupCommitSettings { ConfigFile = configFile });
    }

    /// <summary>Commits a folder as a new version, with a message, labels, and optionally another base path.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="settings">The configuration file, message, labels and base path.</param>
    /// <returns>What the commit did: the new version id (null when nothing changed and no label was given) and the counts.</returns>
    /// <example>
    /// <code>
    /// var result = RRBackupCommit(new RRBackupCommitSettings
    /// {
    ///     ConfigFile = "build/artifacts-backup.ini",
    ///     BasePath = "artifacts/packages",
    ///     Message = "nightly packages",
    ///     Labels = { ["git"] = "3f2c1e0", ["build"] = "1234" },
    /// });
    /// Information("version {0}", result.VersionId);
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static CommitResult RRBackupCommit(this ICakeContext context, RRBackupCommitSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        return new RRBackupRunner(context).Commit(settings);
    }

    /// <summary>Downloads a version into a folder, with <c>./configuration.ini</c>.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="version"><c>latest</c>, a version id or unique prefix, or <c>label:KEY=VALUE</c>.</param>
    /// <param name="target">The folder to write into (created if missing); a relative path is taken from the working directory.</param>
    /// <returns>The version downloaded, the target, the files written and their bytes.</returns>
    /// <example>
    /// <code>
    /// RRBackupDownload("label:git=3f2c1e0", "restored");
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static DownloadResult RRBackupDownload(this ICakeContext context, string version, DirectoryPath target) =>
        RRBackupDownload(context, version, target, new RRBackupDownloadSettings());

    /// <summary>Downloads a version, or the part of it that the patterns select, into a folder.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="version"><c>latest</c>, a version id or unique prefix, or <c>label:KEY=VALUE</c>.</param>
    /// <param name="target">The folder to write into (created if missing); a relative path is taken from the working directory.</param>
    /// <param name="settings">The configuration file, and the include and exclude patterns.</param>
    /// <returns>The version downloaded, the target, the files written and their bytes.</returns>
    /// <example>
    /// <code>
    /// RRBackupDownload("latest", "restored", new RRBackupDownloadSettings
    /// {
    ///     ConfigFile = "backup/configuration.ini",
    ///     Include = { "/packages/**" },
    ///     Exclude = { "*.symbols.nupkg" },
    /// });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static DownloadResult RRBackupDownload(this ICakeContext context, string version, DirectoryPath target, RRBackupDownloadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(settings);
        return new RRBackupRunner(context).Download(version, target, settings);
    }

    /// <summary>Lists every version, oldest first, with <c>./configuration.ini</c>.</summary>
    /// <param name="context">The Cake context.</param>
    /// <returns>The versions: id, sequence, time, message, labels, file count and bytes.</returns>
    /// <example>
    /// <code>
    /// foreach (var v in RRBackupListVersions())
    /// {
    ///     Information("{0} #{1} {2} files {3}", v.VersionId, v.Sequence, v.FileCount, v.Message);
    /// }
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static IReadOnlyList<VersionInfo> RRBackupListVersions(this ICakeContext context) =>
        RRBackupListVersions(context, new RRBackupSettings());

    /// <summary>Lists every version, oldest first.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="settings">The configuration file.</param>
    /// <returns>The versions: id, sequence, time, message, labels, file count and bytes.</returns>
    /// <example>
    /// <code>
    /// var versions = RRBackupListVersions(new RRBackupSettings { ConfigFile = "backup/configuration.ini" });
    /// Information("{0} versions, newest {1}", versions.Count, versions[versions.Count - 1].VersionId);
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static IReadOnlyList<VersionInfo> RRBackupListVersions(this ICakeContext context, RRBackupSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        return new RRBackupRunner(context).ListVersions(settings);
    }

    /// <summary>Lists the files of a version, in path order, with <c>./configuration.ini</c>.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="version"><c>latest</c>, a version id or unique prefix, or <c>label:KEY=VALUE</c>.</param>
    /// <returns>The version and its files (path, size, modification time, SHA-256).</returns>
    /// <example>
    /// <code>
    /// foreach (var file in RRBackupListFiles("latest").Files)
    /// {
    ///     Information("{0} {1}", file.Size, file.Path);
    /// }
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static VersionFiles RRBackupListFiles(this ICakeContext context, string version) =>
        RRBackupListFiles(context, version, new RRBackupSettings());

    /// <summary>Lists the files of a version, in path order.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="version"><c>latest</c>, a version id or unique prefix, or <c>label:KEY=VALUE</c>.</param>
    /// <param name="settings">The configuration file.</param>
    /// <returns>The version and its files (path, size, modification time, SHA-256).</returns>
    /// <example>
    /// <code>
    /// var files = RRBackupListFiles("label:build=1234", new RRBackupSettings { ConfigFile = "backup/configuration.ini" });
    /// Information("{0} files", files.Files.Count);
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static VersionFiles RRBackupListFiles(this ICakeContext context, string version, RRBackupSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        ArgumentNullException.ThrowIfNull(settings);
        return new RRBackupRunner(context).ListFiles(version, settings);
    }

    /// <summary>Lists what changed in a version against the one before it, with <c>./configuration.ini</c>.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="version"><c>latest</c>, a version id or unique prefix, or <c>label:KEY=VALUE</c>.</param>
    /// <returns>The version and its changes (added, changed, deleted, moved, touched), in path order.</returns>
    /// <example>
    /// <code>
    /// foreach (var change in RRBackupListChanges("latest").Changes)
    /// {
    ///     Information("{0} {1}", change.Kind, change.Path);
    /// }
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static VersionChanges RRBackupListChanges(this ICakeContext context, string version) =>
        RRBackupListChanges(context, version, new RRBackupSettings());

    /// <summary>Lists what changed in a version against the one before it.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="version"><c>latest</c>, a version id or unique prefix, or <c>label:KEY=VALUE</c>.</param>
    /// <param name="settings">The configuration file.</param>
    /// <returns>The version and its changes (added, changed, deleted, moved, touched), in path order.</returns>
    /// <example>
    /// <code>
    /// var changes = RRBackupListChanges("latest", new RRBackupSettings { ConfigFile = "backup/configuration.ini" });
    /// var added = changes.Changes.Count(c => c.Kind == ChangeKind.Added);
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static VersionChanges RRBackupListChanges(this ICakeContext context, string version, RRBackupSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        ArgumentNullException.ThrowIfNull(settings);
        return new RRBackupRunner(context).ListChanges(version, settings);
    }
}
