using Cake.Core.IO;

namespace RRBackup.Cake;

/// <summary>Settings shared by every RRBackup alias: which configuration file to use.</summary>
public class RRBackupSettings
{
    /// <summary>
    /// The configuration file (see docs/configuration.md). A relative path is taken from the Cake working
    /// directory. When null, <c>configuration.ini</c> in the working directory is used.
    /// </summary>
    public FilePath? ConfigFile { get; set; }
}
