using RRBackup.Cli.Output;

namespace RRBackup.Cli;

/// <summary>The command line, split into the command, its positional arguments and the options.</summary>
public sealed class ParsedArguments
{
    public string Command { get; set; } = "commit";

    /// <summary>Whether the command was named (`rrbackup commit`), not taken as the default.</summary>
    public bool CommandGiven { get; set; }

    public List<string> Positional { get; } = [];

    public string ConfigFile { get; set; } = "configuration.ini";

    /// <summary>Whether --config was given.</summary>
    public bool ConfigGiven { get; set; }

    public string? Message { get; set; }

    public Dictionary<string, string> Labels { get; } = new(StringComparer.Ordinal);

    public List<string> Include { get; } = [];

    public List<string> Exclude { get; } = [];

    public string? NewPasswordFile { get; set; }

    public bool All { get; set; }

    public bool ReadData { get; set; }

    public bool DryRun { get; set; }

    public bool Help { get; set; }

    /// <summary>--json: one JSON document on standard output.</summary>
    public bool Json { get; set; }

    /// <summary>--quiet: errors only.</summary>
    public bool Quiet { get; set; }

    /// <summary>--no-color: no colours even on a terminal.</summary>
    public bool NoColor { get; set; }

    public ProgressMode Progress { get; set; } = ProgressMode.Auto;

    /// <summary>download --mirror.</summary>
    public bool Mirror { get; set; }

    /// <summary>download --atomic.</summary>
    public bool Atomic { get; set; }
}
