// Every test has its own sandbox folder, store and cache, so fixtures may run side by side:
// each rrbackup run is a short, mostly single-threaded process start.
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(2)]
