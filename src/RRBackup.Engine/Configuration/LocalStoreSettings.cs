namespace RRBackup.Engine.Configuration;

/// <summary>The [local] section: a store in a folder on this machine.</summary>
/// <param name="Path">The store's folder, absolute.</param>
public sealed record LocalStoreSettings(string Path) : StoreSettings;
