namespace RRBackup.Cake.Tests.Support;

/// <summary>How a script loads the addin.</summary>
public enum AddinLoading
{
    /// <summary>`#r` on RRBackup.Cake.dll in the addin's build output.</summary>
    Reference,

    /// <summary>`#addin nuget:...?package=Cake.RRBackup&amp;loaddependencies=true` from the local feed.</summary>
    Package,
}

/// <summary>The first line of a sample script for each way of loading the addin.</summary>
public static class AddinDirective
{
    public static string For(AddinLoading loading) => loading switch
    {
        AddinLoading.Reference => $"#r \"{RepositoryPaths.AddinDll}\"",
        AddinLoading.Package => AddinFeed.Get().Directive,
        _ => throw new ArgumentOutOfRangeException(nameof(loading)),
    };

    /// <summary>Cake's Addins folder for a run: the run's shared one for the package, none for #r.</summary>
    public static string? AddinsFolder(AddinLoading loading) => loading == AddinLoading.Package ? AddinFeed.Get().AddinsFolder : null;
}
