using Cake.Core.IO;

namespace RRBackup.Cake;

/// <summary>Settings for <see cref="RRBackupAliases.RRBackupCommit(global::Cake.Core.ICakeContext, RRBackupCommitSettings)"/>.</summary>
public sealed class RRBackupCommitSettings : RRBackupSettings
{
    /// <summary>A message stored with the version and shown when versions are listed.</summary>
    public string? Message { get; set; }

    /// <summary>
    /// Labels stored with the version (a CI build number, a git commit). A version can then be named as
    /// <c>label:KEY=VALUE</c>. With labels, a version is made even when no file changed.
    /// A key must not be empty and must not contain <c>=</c>.
    /// </summary>
    public IDictionary<string, string> Labels { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// The folder to back up instead of the configuration's <c>base_path</c>. A relative path is taken from the
    /// Cake working directory (not from the configuration file's folder). When null, <c>base_path</c> is used.
    /// </summary>
    public DirectoryPath? BasePath { get; set; }
}
