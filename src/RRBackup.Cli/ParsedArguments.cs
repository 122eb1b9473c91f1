namespace RRBackup.Cli;

/// <summary>The command line, split into the command, its positional arguments and the options.</summary>
public sealed class ParsedArguments
{
    public string Command { get; set; } = "commit";

    public List<string> Positional { get; } = [];

    public string ConfigFile { get; set; } = "configuration.ini";

    public string? Message { get; set; }

    public Dictionary<string, string> Labels { get; } = new(StringComparer.Ordinal);

    public List<string> Include { get; } = [];

    public List<string> Exclude { get; } = [];

    public string? NewPasswordFile { get; set; }

    public bool All { get; set; }

    public bool ReadData { get; set; }

    public bool DryRun { get; set; }

    public bool Help { get; set; }
}
