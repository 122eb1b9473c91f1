using System.Diagnostics;

namespace RRBackup.Engine.Diagnostics;

/// <summary>Counts a phase's progress from many threads and reports it at most every tenth of a second, and once at the end.</summary>
internal sealed class ProgressCounter
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private readonly IEngineLog _log;
    private readonly ProgressPhase _phase;
    private readonly long _filesTotal;
    private readonly long _bytesTotal;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _files;
    private long _bytes;
    private long _lastReportTicks = -Interval.Ticks;

    public ProgressCounter(IEngineLog log, ProgressPhase phase, long filesTotal, long bytesTotal)
    {
        _log = log;
        _phase = phase;
        _filesTotal = filesTotal;
        _bytesTotal = bytesTotal;
        if (filesTotal > 0)
        {
            Report();
        }
    }

    public void FileDone(long bytes)
    {
        var files = Interlocked.Increment(ref _files);
        Interlocked.Add(ref _bytes, bytes);
        var now = _clock.Elapsed.Ticks;
        var last = Interlocked.Read(ref _lastReportTicks);
        if (files == _filesTotal || (now - last >= Interval.Ticks && Interlocked.CompareExchange(ref _lastReportTicks, now, last) == last))
        {
            Report();
        }
    }

    private void Report() =>
        _log.Progress(new ProgressReport(_phase, Interlocked.Read(ref _files), _filesTotal, Interlocked.Read(ref _bytes), _bytesTotal, _clock.Elapsed));
}
