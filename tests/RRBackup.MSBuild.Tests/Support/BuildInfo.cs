using System.Reflection;

namespace RRBackup.MSBuild.Tests.Support;

/// <summary>What the test project's build recorded about the task project: where it is and which configuration was built.</summary>
public static class BuildInfo
{
    public static string TaskProject => Metadata("RRBackup.MSBuild.Project");

    public static string Configuration => Metadata("RRBackup.MSBuild.Configuration");

    private static string Metadata(string key) =>
        typeof(BuildInfo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"the test assembly has no '{key}' metadata");
}
