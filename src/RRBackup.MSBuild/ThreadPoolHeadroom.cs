namespace RRBackup.MSBuild;

/// <summary>
/// Keeps the thread pool wide while the engine transfers, and puts the old minimum back when the last task is done.
/// </summary>
/// <remarks>
/// MSBuild handles Ctrl+C on the thread pool (the runtime's SIGINT dispatch, then the build manager's cancel)
/// before it calls <see cref="Microsoft.Build.Framework.ICancelableTask.Cancel"/>. The engine's transfers keep
/// the pool's few threads busy (the local store blocks a thread per object while it writes and links), and on
/// a two-core machine the cancel then waited up to seconds behind them: long enough for a commit to finish
/// after the user pressed Ctrl+C. With a wider pool it arrives within a fraction of a second.
/// </remarks>
internal static class ThreadPoolHeadroom
{
    private const int MinimumWorkers = 32;

    private static readonly Lock Gate = new();
    private static int _users;
    private static int _savedWorkers;
    private static int _savedCompletionPorts;

    public static IDisposable Reserve()
    {
        lock (Gate)
        {
            if (_users++ == 0)
            {
                ThreadPool.GetMinThreads(out _savedWorkers, out _savedCompletionPorts);
                if (_savedWorkers < MinimumWorkers)
                {
                    ThreadPool.SetMinThreads(MinimumWorkers, _savedCompletionPorts);
                }
            }
        }

        return new Release();
    }

    private sealed class Release : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0)
            {
                return;
            }

            lock (Gate)
            {
                if (--_users == 0)
                {
                    ThreadPool.SetMinThreads(_savedWorkers, _savedCompletionPorts);
                }
            }
        }
    }
}
