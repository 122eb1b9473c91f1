namespace RRBackup.Engine.Diagnostics;

/// <summary>How far a phase of a long operation has come.</summary>
/// <param name="Phase">The phase.</param>
/// <param name="FilesDone">Files finished so far.</param>
/// <param name="FilesTotal">Files the phase will handle.</param>
/// <param name="BytesDone">Bytes finished so far.</param>
/// <param name="BytesTotal">Bytes the phase will handle.</param>
/// <param name="Elapsed">Time since the phase started.</param>
public sealed record ProgressReport(ProgressPhase Phase, long FilesDone, long FilesTotal, long BytesDone, long BytesTotal, TimeSpan Elapsed)
{
    public bool IsComplete => FilesDone >= FilesTotal;
}
