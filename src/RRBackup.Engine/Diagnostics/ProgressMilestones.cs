using System.Globalization;

namespace RRBackup.Engine.Diagnostics;

/// <summary>
/// Turns progress reports into a few log lines, for front ends that write logs (MSBuild, Cake): nothing
/// for a phase shorter than a second, then one line at each quarter and one when it is done.
/// </summary>
public sealed class ProgressMilestones
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);
    private readonly Dictionary<ProgressPhase, int> _logged = [];
    private readonly Lock _lock = new();

    /// <summary>The line to log for this report, or null when it is not a new milestone.</summary>
    public string? LineFor(ProgressReport report)
    {
        if (report.Elapsed < Quiet)
        {
            return null;
        }

        var quarter = report.IsComplete ? 4 : (int)(Fraction(report) * 4);
        lock (_lock)
        {
            if (_logged.TryGetValue(report.Phase, out var last) && quarter <= last)
            {
                return null;
            }

            _logged[report.Phase] = quarter;
        }

        var files = report.FilesTotal.ToString("N0", CultureInfo.InvariantCulture);
        var megabytes = (report.BytesTotal / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture);
        return report.IsComplete
            ? $"{report.Phase}: done, {files} files ({megabytes} MiB) in {report.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s"
            : $"{report.Phase}: {quarter * 25}% of {files} files ({megabytes} MiB)";
    }

    private static double Fraction(ProgressReport report) =>
        report.BytesTotal > 0 ? (double)report.BytesDone / report.BytesTotal
        : report.FilesTotal > 0 ? (double)report.FilesDone / report.FilesTotal
        : 0;
}
