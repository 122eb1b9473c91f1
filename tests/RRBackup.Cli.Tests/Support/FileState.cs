namespace RRBackup.Cli.Tests.Support;

/// <summary>One file as a test expects it: its exact bytes and its modification time.</summary>
public sealed record FileState(byte[] Content, DateTime ModifiedUtc);
