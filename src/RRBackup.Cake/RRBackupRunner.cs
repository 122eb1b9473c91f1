using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using RRBackup.Engine;
using RRBackup.Engine.Commit;
using RRBackup.Engine.Configuration;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Manifest;
using RRBackup.Engine.Patterns;
using RRBackup.Engine.Restore;

namespace RRBackup.Cake;

/// <summary>
/// Does the work behind the aliases: resolves paths through Cake's environment, loads the configuration,
/// runs one engine call, logs through Cake, and turns RRBackup failures into a <see cref="CakeException"/> (see <see cref="CakeErrors"/>).
/// </summary>
/// <remarks>No backup logic lives here: every behaviour is the engine's, as for the rrbackup command.</remarks>
internal sealed class RRBackupRunner(ICakeContext context)
{
    private readonly ICakeLog _log = context.Log;

    public CommitResult Commit(RRBackupCommitSettings settings)
    {
        var labels = CheckLabels(settings.Labels);
        var options = new CommitOptions { Message = settings.Message, Labels = labels };
        return Run(settings, settings.BasePath, async (engine, token) =>
        {
            _log.Information("RRBackup: committing {0} ({1})", engine.Configuration.BasePath, engine.Configuration.ConfigFile);
            var result = await engine.CommitAsync(options, token).ConfigureAwait(false);
            if (result.NoChange)
            {
                _log.Information("RRBackup: no changes since the last version; no new version was made ({0} files)", result.FileCount);
            }
            else
            {
                _log.Information(
                    "RRBackup: committed version {0} (#{1}): {2} added, {3} changed, {4} deleted, {5} moved, {6} touched; {7} objects ({8} bytes) uploaded; {9} files in the version",
                    result.VersionId, result.Sequence, result.Added, result.Changed, result.Deleted, result.Moved, result.Touched,
                    result.ObjectsUploaded, result.BytesUploaded, result.FileCount);
            }

            return result;
        });
    }

    public DownloadResult Download(string version, DirectoryPath target, RRBackupDownloadSettings settings)
    {
        var options = new DownloadOptions
        {
            Include = ParsePatterns(settings.Include, "Include"),
            Exclude = ParsePatterns(settings.Exclude, "Exclude"),
            Mode = settings.Mode,
        };
        var targetPath = target.MakeAbsolute(context.Environment).FullPath;
        return Run(settings, null, async (engine, token) =>
        {
            var result = await engine.DownloadAsync(version, targetPath, options, token).ConfigureAwait(false);
            _log.Information("RRBackup: downloaded {0} files ({1} bytes) of version {2} into {3}", result.Files.Count, result.Bytes, result.VersionId, result.Target);
            return result;
        });
    }

    public IReadOnlyList<VersionInfo> ListVersions(RRBackupSettings settings) =>
        Run(settings, null, async (engine, token) =>
        {
            var versions = await engine.ListVersionsAsync(token).ConfigureAwait(false);
            _log.Verbose("RRBackup: {0} versions", versions.Count);
            return versions;
        });

    public VersionFiles ListFiles(string version, RRBackupSettings settings) =>
        Run(settings, null, async (engine, token) =>
        {
            var files = await engine.ListFilesAsync(version, token).ConfigureAwait(false);
            _log.Verbose("RRBackup: version {0} holds {1} files", files.Version.VersionId, files.Files.Count);
            return files;
        });

    public VersionChanges ListChanges(string version, RRBackupSettings settings) =>
        Run(settings, null, async (engine, token) =>
        {
            var changes = await engine.ListChangesAsync(version, token).ConfigureAwait(false);
            _log.Verbose("RRBackup: version {0} made {1} changes", changes.Version.VersionId, changes.Changes.Count);
            return changes;
        });

    /// <summary>The configuration file: the settings' path or ./configuration.ini, from the Cake working directory.</summary>
    internal FilePath ConfigFilePath(RRBackupSettings settings) =>
        (settings.ConfigFile ?? new FilePath(ConfigurationLoader.DefaultFileName)).MakeAbsolute(context.Environment);

    private T Run<T>(RRBackupSettings settings, DirectoryPath? basePath, Func<BackupEngine, CancellationToken, Task<T>> work)
    {
        // Before the engine first touches NSec: a script's #r or #addin gives no .deps.json to find libsodium.
        NativeLibsodium.EnsureRegistered();
        try
        {
            var config = ConfigurationLoader.Load(ConfigFilePath(settings).FullPath);
            foreach (var warning in config.Warnings)
            {
                _log.Warning("warning {0}: {1}", ErrorCodes.ConfigUnknownKey, warning);
            }

            if (basePath is not null)
            {
                config = config with { BasePath = basePath.MakeAbsolute(context.Environment).FullPath };
            }

            // Aliases are synchronous; the engine is async. Task.Run keeps a caller's synchronization
            // context (if any) out of the engine's awaits.
            var result = Task.Run(async () =>
            {
                var engine = BackupEngine.Open(config, new CakeEngineLog(_log));
                await using (engine.ConfigureAwait(false))
                {
                    return await work(engine, CancellationToken.None).ConfigureAwait(false);
                }
            }).GetAwaiter().GetResult();
            LogNativeLibrary();
            return result;
        }
        catch (RRBackupException e)
        {
            throw CakeErrors.From(e);
        }
    }

    private static bool _nativeLibraryLogged;

    /// <summary>Says once, at verbose level, where libsodium came from when this addin had to find it.</summary>
    private void LogNativeLibrary()
    {
        if (!_nativeLibraryLogged && NativeLibsodium.LoadedFrom is { } path)
        {
            _nativeLibraryLogged = true;
            _log.Verbose("RRBackup: libsodium loaded from {0}", path);
        }
    }

    private static Dictionary<string, string> CheckLabels(IDictionary<string, string> labels)
    {
        foreach (var (key, value) in labels)
        {
            if (key.Length == 0 || key.Contains('=', StringComparison.Ordinal))
            {
                throw CakeErrors.Usage($"RRBackupCommitSettings.Labels: the key '{key}' must not be empty or contain '=' (a version is named as label:KEY=VALUE)");
            }

            if (value is null)
            {
                throw CakeErrors.Usage($"RRBackupCommitSettings.Labels: the label '{key}' has no value");
            }
        }

        return new Dictionary<string, string>(labels, StringComparer.Ordinal);
    }

    private static PathPatternList ParsePatterns(IEnumerable<string> texts, string setting)
    {
        if (texts.Any(t => t is null))
        {
            throw CakeErrors.Usage($"RRBackupDownloadSettings.{setting}: a pattern is null");
        }

        try
        {
            return PathPatternList.Parse(texts);
        }
        catch (FormatException e)
        {
            throw CakeErrors.Usage($"RRBackupDownloadSettings.{setting}: {e.Message}", e);
        }
    }
}
