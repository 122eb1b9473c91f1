using System.Globalization;
using RRBackup.Engine.Diagnostics;

namespace RRBackup.Cli.Output;

/// <summary>How progress reads, in the plain lines and in the live display alike.</summary>
public static class ProgressText
{
    public static string Phase(ProgressPhase phase) => phase switch
    {
        ProgressPhase.Hashing => "Hashing",
        ProgressPhase.Uploading => "Uploading",
        ProgressPhase.Downloading => "Downloading",
        _ => phase.ToString(),
    };

    /// <summary>How far the phase has come, 0 to 100, by bytes (by files when the phase has no bytes).</summary>
    public static int Percent(ProgressReport report)
    {
        if (report.IsComplete)
        {
            return 100;
        }

        var (done, total) = report.BytesTotal > 0 ? (report.BytesDone, report.BytesTotal) : (report.FilesDone, report.FilesTotal);
        return total <= 0 ? 0 : (int)Math.Clamp(done * 100 / total, 0, 99);
    }

    /// <summary>Bytes per second since the phase started, or null before there is anything to measure.</summary>
    public static double? Rate(ProgressReport report) =>
        report.Elapsed.TotalSeconds >= 0.05 && report.BytesDone > 0 ? report.BytesDone / report.Elapsed.TotalSeconds : null;

    /// <summary>The time left at the phase's average rate so far, or null when it cannot be told yet.</summary>
    public static TimeSpan? TimeLeft(ProgressReport report)
    {
        if (report.IsComplete)
        {
            return TimeSpan.Zero;
        }

        if (report.BytesTotal > 0)
        {
            return Rate(report) is { } rate ? TimeSpan.FromSeconds((report.BytesTotal - report.BytesDone) / rate) : null;
        }

        return report.FilesDone > 0 && report.Elapsed > TimeSpan.Zero
            ? report.Elapsed * ((double)(report.FilesTotal - report.FilesDone) / report.FilesDone)
            : null;
    }

    public static string Files(long count) => count == 1 ? "1 file" : count.ToString("N0", CultureInfo.InvariantCulture) + " files";

    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    public static string Speed(double? bytesPerSecond) => bytesPerSecond is { } rate ? Formatting.Bytes((long)rate) + "/s" : "-";

    /// <summary>A duration as people say it: 0.4 s, 12 s, 3 min 05 s, 1 h 02 min.</summary>
    public static string Duration(TimeSpan time)
    {
        if (time < TimeSpan.FromSeconds(10))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, time.TotalSeconds):0.0} s");
        }

        if (time < TimeSpan.FromMinutes(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalSeconds} s");
        }

        return time < TimeSpan.FromHours(1)
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalMinutes} min {time.Seconds:00} s")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalHours} h {time.Minutes:00} min");
    }

    /// <summary>`Hashing 20,000 files (1.2 GiB)`.</summary>
    public static string Start(ProgressReport report) =>
        $"{Phase(report.Phase)} {Files(report.FilesTotal)} ({Formatting.Bytes(report.BytesTotal)})";

    /// <summary>`Hashing: 50% (10,000/20,000 files, 600.0 MiB of 1.2 GiB, 45.0 MiB/s, about 14 s left)`.</summary>
    public static string Milestone(ProgressReport report) =>
        $"{Phase(report.Phase)}: {Percent(report)}% ({Count(report.FilesDone)}/{Files(report.FilesTotal)}, " +
        $"{Formatting.Bytes(report.BytesDone)} of {Formatting.Bytes(report.BytesTotal)}, {Speed(Rate(report))}" +
        (TimeLeft(report) is { } left ? $", about {Duration(left)} left)" : ")");

    /// <summary>`Hashing: done, 20,000 files (1.2 GiB) in 27 s, 45.5 MiB/s`.</summary>
    public static string Done(ProgressReport report) =>
        $"{Phase(report.Phase)}: done, {Files(report.FilesDone)} ({Formatting.Bytes(report.BytesDone)}) in {Duration(report.Elapsed)}" +
        (Rate(report) is { } rate ? $", {Speed(rate)}" : "");

    /// <summary>The live display's details: `45%  9,000/20,000 files  540.0 MiB/1.2 GiB  45.0 MiB/s  14 s left` (compact: without the byte total).</summary>
    public static string Live(ProgressReport report, bool compact = false)
    {
        var bytes = compact ? Formatting.Bytes(report.BytesDone) : $"{Formatting.Bytes(report.BytesDone)}/{Formatting.Bytes(report.BytesTotal)}";
        var text = $"{Percent(report),3}%  {Count(report.FilesDone)}/{Files(report.FilesTotal)}  {bytes}  {Speed(Rate(report))}";
        if (report.IsComplete)
        {
            return text + $"  done in {Duration(report.Elapsed)}";
        }

        return text + (TimeLeft(report) is { } left ? $"  {Duration(left)} left" : "");
    }
}
