using System.Globalization;
using IniParser.Exceptions;
using IniParser.Model;
using IniParser.Parser;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Objects;
using RRBackup.Engine.Patterns;
using RRBackup.Engine.Pipeline;

namespace RRBackup.Engine.Configuration;

/// <summary>Reads configuration.ini ('key: value' lines in [main], and [local] or [s3]) into a checked configuration.</summary>
public static class ConfigurationLoader
{
    public const string DefaultFileName = "configuration.ini";

    /// <summary>The environment variable that may hold the encryption password.</summary>
    public const string PasswordVariable = "RRBACKUP_CRYPT_PASSWORD";

    private const string FilePipelineSection = "file_pipeline";

    private static readonly Dictionary<string, string[]> KnownKeys = new(StringComparer.Ordinal)
    {
        ["main"] =
        [
            "base_path", "local_manifest_file", "crypt_password", "commit_locked",
            "remote_manifest_diff_file", "remote_gc_log_file", "remote_password_salt_file", "remote_key_file",
            "ignore_files", "skip_delete", "crypt_password_file", "meta_pipeline", "cipher",
            "write_only", "remote_garbage_log_file", "abandoned_commit_hours", "remote_checkpoint_file",
        ],
        ["local"] = ["path"],
        ["s3"] =
        [
            "access_key", "secret_key", "bucket", "endpoint", "region", "path_style", "checksums",
            "concurrency", "storage_class", "abandoned_upload_hours", "timeout_seconds",
        ],
    };

    /// <summary>Loads and checks a configuration file.</summary>
    /// <exception cref="RRBackupException">With <see cref="ErrorKind.Configuration"/>, naming the file, section, key and line.</exception>
    public static BackupConfiguration Load(string path, Func<string, string?>? environment = null)
    {
        var file = Path.GetFullPath(path);
        if (!File.Exists(file))
        {
            throw new RRBackupException(ErrorCodes.ConfigFileMissing, ErrorKind.Configuration,
                $"configuration file '{file}' does not exist; create it (see docs/configuration.md, or 'rrbackup init') or name another configuration file");
        }

        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RRBackupException(ErrorCodes.ConfigFileMissing, ErrorKind.Configuration, $"configuration file '{file}' cannot be read: {e.Message}", e);
        }

        return Parse(text, file, environment);
    }

    /// <summary>Parses configuration text as if read from <paramref name="file"/> (relative paths resolve against its folder).</summary>
    public static BackupConfiguration Parse(string text, string file, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var layout = IniLayout.Scan(text, file);
        var data = ParseIni(layout.TextWithoutComments, file);
        var reader = new SectionReader(file, data, layout.KeyLines);
        var warnings = CollectWarnings(data, layout.KeyLines, file);
        var folder = Path.GetDirectoryName(file)!;

        if (!data.Sections.ContainsSection("main"))
        {
            throw Error.Config(ErrorCodes.ConfigMissingKey, file, "[main]", "the section is missing; it must set base_path and local_manifest_file");
        }

        var password = ReadPassword(reader, file, folder, environment);
        var names = new RemoteNames(
            reader.Name("main", "remote_manifest_diff_file", RemoteNames.Default.ManifestDiffs),
            reader.Name("main", "remote_gc_log_file", RemoteNames.Default.GcLog),
            reader.Name("main", "remote_password_salt_file", RemoteNames.Default.PasswordSalt),
            reader.Name("main", "remote_key_file", RemoteNames.Default.Key),
            reader.Name("main", "remote_garbage_log_file", RemoteNames.Default.GarbageLog),
            reader.Name("main", "remote_checkpoint_file", RemoteNames.Default.Checkpoints));
        if (names.All.Distinct(StringComparer.Ordinal).Count() != names.All.Count())
        {
            throw Error.Config(ErrorCodes.ConfigInvalidValue, file, "[main] remote_*_file",
                "two metadata objects are given the same name; each needs its own");
        }

        return new BackupConfiguration
        {
            ConfigFile = file,
            BasePath = ResolvePath(folder, reader.Required("main", "base_path")),
            LocalManifestFile = ResolvePath(folder, reader.Required("main", "local_manifest_file")),
            CryptPassword = password,
            CommitLocked = reader.Boolean("main", "commit_locked", false),
            WriteOnly = reader.Boolean("main", "write_only", false),
            AbandonedCommitAge = TimeSpan.FromHours(reader.Integer("main", "abandoned_commit_hours", 24, 1, 24 * 365)),
            Names = names,
            Pipelines = ReadPipelines(data, reader, layout.KeyLines, file, password is not null),
            IgnoreFiles = reader.Patterns("main", "ignore_files"),
            SkipDelete = reader.Patterns("main", "skip_delete"),
            Store = ReadStore(data, reader, file, folder),
            Warnings = warnings,
            KeyLines = layout.KeyLines,
        };
    }

    private static IniData ParseIni(string text, string file)
    {
        var parser = new IniDataParser();
        parser.Configuration.KeyValueAssigmentChar = ':';
        parser.Configuration.AllowDuplicateKeys = false;
        parser.Configuration.AllowDuplicateSections = true;
        parser.Configuration.CaseInsensitive = false;
        parser.Configuration.ThrowExceptionsOnError = true;
        try
        {
            return parser.Parse(text);
        }
        catch (ParsingException e)
        {
            // The library's message quotes the line, which may hold a secret: say where, not what.
            throw Error.Config(ErrorCodes.ConfigSyntax, file, $"line {e.LineNumber}", "the line is not '[section]' or 'key: value'");
        }
    }

    /// <summary>The password from crypt_password, crypt_password_file or the environment: at most one of them.</summary>
    private static string? ReadPassword(SectionReader reader, string file, string folder, Func<string, string?> environment)
    {
        var sources = new List<(string Where, string Value)>();
        if (reader.Optional("main", "crypt_password") is { Length: > 0 } inline)
        {
            sources.Add((reader.Where("main", "crypt_password"), inline));
        }

        if (reader.Optional("main", "crypt_password_file") is { Length: > 0 } passwordFile)
        {
            var path = ResolvePath(folder, passwordFile);
            try
            {
                var value = File.ReadAllText(path).TrimEnd('\r', '\n');
                if (value.Length == 0)
                {
                    throw Error.Config(ErrorCodes.ConfigInvalidValue, file, reader.Where("main", "crypt_password_file"), $"the password file '{path}' is empty");
                }

                sources.Add((reader.Where("main", "crypt_password_file"), value));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Error.Config(ErrorCodes.ConfigInvalidValue, file, reader.Where("main", "crypt_password_file"), $"the password file '{path}' cannot be read: {e.Message}");
            }
        }

        if (environment(PasswordVariable) is { Length: > 0 } fromEnvironment)
        {
            sources.Add(($"the environment variable {PasswordVariable}", fromEnvironment));
        }

        if (sources.Count > 1)
        {
            throw Error.Config(ErrorCodes.ConfigInvalidValue, file, "[main] crypt_password",
                $"the password is given more than once ({string.Join(", ", sources.Select(s => s.Where))}); give it in one place");
        }

        return sources.Count == 1 ? sources[0].Value : null;
    }

    private static PipelineSettings ReadPipelines(IniData data, SectionReader reader, IReadOnlyDictionary<string, int> keyLines, string file, bool hasPassword)
    {
        var everything = Transforms.Compress | Transforms.Encrypt;
        var meta = reader.Transforms("main", "meta_pipeline") ?? (hasPassword ? everything : Transforms.None);
        if (meta.HasFlag(Transforms.HashNames))
        {
            throw Error.Config(ErrorCodes.ConfigInvalidValue, file, reader.Where("main", "meta_pipeline"), "hash_names does not apply to metadata, whose names are fixed");
        }

        var rules = new List<PipelineRule>();
        if (data.Sections.ContainsSection(FilePipelineSection))
        {
            foreach (var key in data[FilePipelineSection])
            {
                var line = keyLines.TryGetValue($"[{FilePipelineSection}] {key.KeyName}", out var n) ? n : 0;
                var where = reader.Where(FilePipelineSection, key.KeyName);
                PipelineRule rule;
                try
                {
                    rule = new PipelineRule(PathPattern.Parse(key.KeyName), TransformsParser.Parse(key.Value), line);
                }
                catch (FormatException e)
                {
                    throw Error.Config(ErrorCodes.ConfigInvalidPattern, file, where, e.Message);
                }

                if (rule.Transforms.HasFlag(Transforms.HashNames) && !rule.Transforms.HasFlag(Transforms.Encrypt))
                {
                    throw Error.Config(ErrorCodes.ConfigInvalidValue, file, where,
                        "hash_names needs encrypt in the same rule: an unencrypted object carries its path in its header");
                }

                rules.Add(rule);
            }

            // The INI library does not promise file order; the rules' order is their meaning.
            rules.Sort((a, b) => a.Line.CompareTo(b.Line));
        }

        var settings = new PipelineSettings
        {
            Meta = meta,
            FileRules = rules,
            DefaultFile = hasPassword ? everything : Transforms.None,
            Cipher = reader.Choice("main", "cipher", ["aegis256", "xchacha20poly1305"], "aegis256") == "aegis256"
                ? EncryptionAlgorithm.Aegis256
                : EncryptionAlgorithm.XChaCha20Poly1305,
        };
        if (!hasPassword && settings.NeedsKey)
        {
            var rule = rules.FirstOrDefault(r => (r.Transforms & (Transforms.Encrypt | Transforms.HashNames)) != 0);
            var where = rule is null ? reader.Where("main", "meta_pipeline") : reader.Where(FilePipelineSection, rule.Pattern.Text);
            throw Error.Config(ErrorCodes.PasswordMissing, file, where,
                $"encrypt and hash_names need a password: set crypt_password, crypt_password_file or {PasswordVariable}");
        }

        return settings;
    }

    private static StoreSettings ReadStore(IniData data, SectionReader reader, string file, string folder)
    {
        var hasLocal = data.Sections.ContainsSection("local");
        var hasS3 = data.Sections.ContainsSection("s3");
        if (hasLocal == hasS3)
        {
            throw Error.Config(ErrorCodes.ConfigStoreSection, file, hasLocal ? "[local] and [s3]" : "store",
                hasLocal
                    ? "both sections are present; a configuration names exactly one store"
                    : "no store is configured; add a [local] section with 'path:' or an [s3] section with 'bucket:'");
        }

        if (hasLocal)
        {
            return new LocalStoreSettings(ResolvePath(folder, reader.Required("local", "path")));
        }

        return new S3StoreSettings
        {
            Bucket = reader.Required("s3", "bucket"),
            AccessKey = NullIfEmpty(reader.Optional("s3", "access_key")),
            SecretKey = NullIfEmpty(reader.Optional("s3", "secret_key")),
            Endpoint = NullIfEmpty(reader.Optional("s3", "endpoint")),
            Region = NullIfEmpty(reader.Optional("s3", "region")),
            PathStyle = reader.Boolean("s3", "path_style", false),
            ChecksumsWhenRequired = reader.Choice("s3", "checksums", ["when_supported", "when_required"], "when_supported") == "when_required",
            Concurrency = reader.Integer("s3", "concurrency", 8, 1, 256),
            StorageClass = NullIfEmpty(reader.Optional("s3", "storage_class")) ?? "STANDARD",
            AbandonedUploadAge = TimeSpan.FromHours(reader.Integer("s3", "abandoned_upload_hours", 24, 1, 24 * 365)),
            RequestTimeout = TimeSpan.FromSeconds(reader.Integer("s3", "timeout_seconds", 30, 1, 3600)),
            SourceFile = file,
        };
    }

    private static List<string> CollectWarnings(IniData data, IReadOnlyDictionary<string, int> keyLines, string file)
    {
        var warnings = new List<string>();
        foreach (var section in data.Sections)
        {
            if (section.SectionName == FilePipelineSection)
            {
                continue;
            }

            if (!KnownKeys.TryGetValue(section.SectionName, out var known))
            {
                warnings.Add($"{file}: [{section.SectionName}]: unknown section, ignored (known: [main], [local], [s3], [file_pipeline])");
                continue;
            }

            foreach (var key in section.Keys.Where(k => !known.Contains(k.KeyName, StringComparer.Ordinal)))
            {
                var line = keyLines.TryGetValue($"[{section.SectionName}] {key.KeyName}", out var n) ? $" (line {n})" : "";
                warnings.Add($"{file}: [{section.SectionName}] {key.KeyName}{line}: unknown key, ignored (known: {string.Join(", ", known)})");
            }
        }

        return warnings;
    }

    private static string ResolvePath(string folder, string value) =>
        Path.GetFullPath(Path.IsPathRooted(value) ? value : Path.Combine(folder, value));

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>Reads typed values from the parsed sections, with messages that say where a bad value is.</summary>
    private sealed class SectionReader(string file, IniData data, IReadOnlyDictionary<string, int> keyLines)
    {
        public string Where(string section, string key) =>
            keyLines.TryGetValue($"[{section}] {key}", out var line) ? $"[{section}] {key} (line {line})" : $"[{section}] {key}";

        public string? Optional(string section, string key) =>
            data.Sections.ContainsSection(section) && data[section].ContainsKey(key) ? data[section][key].Trim() : null;

        public string Required(string section, string key)
        {
            var value = Optional(section, key);
            if (value is null)
            {
                throw Error.Config(ErrorCodes.ConfigMissingKey, file, $"[{section}] {key}", "the key is required but missing");
            }

            if (value.Length == 0)
            {
                throw Error.Config(ErrorCodes.ConfigInvalidValue, file, Where(section, key), "the key is required but empty");
            }

            return value;
        }

        public bool Boolean(string section, string key, bool fallback)
        {
            var value = Optional(section, key);
            if (string.IsNullOrEmpty(value))
            {
                return fallback;
            }

            if (bool.TryParse(value, out var result))
            {
                return result;
            }

            throw Error.Config(ErrorCodes.ConfigInvalidValue, file, Where(section, key), $"'{value}' is not a boolean; write True or False");
        }

        public int Integer(string section, string key, int fallback, int min, int max)
        {
            var value = Optional(section, key);
            if (string.IsNullOrEmpty(value))
            {
                return fallback;
            }

            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var result) && result >= min && result <= max)
            {
                return result;
            }

            throw Error.Config(ErrorCodes.ConfigInvalidValue, file, Where(section, key), $"'{value}' is not a whole number from {min} to {max}");
        }

        public string Choice(string section, string key, string[] choices, string fallback)
        {
            var value = Optional(section, key);
            if (string.IsNullOrEmpty(value))
            {
                return fallback;
            }

            var match = choices.FirstOrDefault(c => string.Equals(c, value, StringComparison.OrdinalIgnoreCase));
            return match ?? throw Error.Config(ErrorCodes.ConfigInvalidValue, file, Where(section, key),
                $"'{value}' is not one of: {string.Join(", ", choices)}");
        }

        public string Name(string section, string key, string fallback)
        {
            var value = Optional(section, key);
            if (string.IsNullOrEmpty(value))
            {
                return fallback;
            }

            if (!value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') || value is "." or "..")
            {
                throw Error.Config(ErrorCodes.ConfigInvalidValue, file, Where(section, key),
                    $"'{value}' is not a usable object name; use letters, digits, '-', '_' or '.' without '/' or spaces");
            }

            return value;
        }

        public Transforms? Transforms(string section, string key)
        {
            var value = Optional(section, key);
            if (value is null)
            {
                return null;
            }

            try
            {
                return TransformsParser.Parse(value);
            }
            catch (FormatException e)
            {
                throw Error.Config(ErrorCodes.ConfigInvalidValue, file, Where(section, key), e.Message);
            }
        }

        public PathPatternList Patterns(string section, string key)
        {
            var value = Optional(section, key);
            if (string.IsNullOrEmpty(value))
            {
                return PathPatternList.Empty;
            }

            try
            {
                return PathPatternList.Parse(value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            }
            catch (FormatException e)
            {
                throw Error.Config(ErrorCodes.ConfigInvalidPattern, file, Where(section, key), e.Message);
            }
        }
    }
}
