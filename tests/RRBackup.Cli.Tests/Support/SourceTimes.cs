namespace RRBackup.Cli.Tests.Support;

/// <summary>Distinct, past modification times with sub-second parts, so restored times can be checked to the tick.</summary>
public static class SourceTimes
{
    private static readonly DateTime Origin = new DateTime(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc).AddTicks(1_234_567);

    /// <summary>The n-th time: n minutes and n × 1.1 ms after the origin.</summary>
    public static DateTime At(int n) => Origin.AddMinutes(n).AddTicks(n * 11_000L);
}
