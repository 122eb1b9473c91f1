namespace RRBackup.Engine.Configuration;

/// <summary>Where the remote is: the section of the configuration that names the store.</summary>
public abstract record StoreSettings;
