// Each Cake run compiles its script with Roslyn and uses both cores of a small machine: the fixtures run
// one after the other.
[assembly: NonParallelizable]
