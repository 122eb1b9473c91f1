// The real builds use both cores each and share one packed feed: they run one after another.
[assembly: NonParallelizable]
