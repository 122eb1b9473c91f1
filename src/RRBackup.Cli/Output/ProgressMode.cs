namespace RRBackup.Cli.Output;

/// <summary>--progress: how progress is shown.</summary>
public enum ProgressMode
{
    /// <summary>A live display when standard error is a terminal; otherwise plain lines for phases that last over a second.</summary>
    Auto,

    /// <summary>Plain lines for every phase, even on a terminal.</summary>
    Plain,

    /// <summary>No progress.</summary>
    None,
}
