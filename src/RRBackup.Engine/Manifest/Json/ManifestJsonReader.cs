using System.Text.Json;
using RRBackup.Engine.Errors;

namespace RRBackup.Engine.Manifest.Json;

/// <summary>
/// Reads manifest diffs and checkpoints entry by entry, turning each into a manifest entry at once: a
/// diff or checkpoint of 200,000 files then never holds a document per entry, which was most of the
/// time and memory of a machine without a cache. Reads what the serializer reads: unknown properties
/// are skipped, a later duplicate wins, and null where the documents allow none is invalid.
/// </summary>
internal static class ManifestJsonReader
{
    public static ManifestDiff ReadDiff(byte[] json, string key, string versionId) =>
        Guard(key, versionId, () => ParseDiff(json, key, versionId));

    /// <returns>The checkpoint's document without its entries, and its manifest (empty when its format is not <paramref name="format"/>).</returns>
    public static (CheckpointDocument Document, FileManifest Manifest) ReadCheckpoint(byte[] json, int format, string key, string versionId) =>
        Guard(key, versionId, () => ParseCheckpoint(json, format, key, versionId));

    private static T Guard<T>(string key, string versionId, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw Error.Corrupt(key, versionId, $"its JSON is not valid ({e.Message})", e);
        }
    }

    private static ManifestDiff ParseDiff(byte[] json, string key, string versionId)
    {
        var reader = Start(json);
        var diff = new DiffDocument();
        var changes = new List<ManifestChange>();
        var entry = new EntryDocument();
        RRBackupException? invalid = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("format"u8))
            {
                diff.Format = ReadValue(ref reader).GetInt32();
            }
            else if (reader.ValueTextEquals("sequence"u8))
            {
                diff.Sequence = ReadValue(ref reader).GetInt64();
            }
            else if (reader.ValueTextEquals("parent"u8))
            {
                diff.Parent = ReadOptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("time"u8))
            {
                diff.Time = ReadValue(ref reader).GetDateTimeOffset();
            }
            else if (reader.ValueTextEquals("scan_time"u8))
            {
                diff.ScanTime = ReadValue(ref reader).GetDateTimeOffset();
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                diff.Message = ReadOptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("writer"u8))
            {
                diff.Writer = ReadOptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("labels"u8))
            {
                reader.Read();
                diff.Labels = JsonSerializer.Deserialize(ref reader, ManifestJsonContext.Default.DictionaryStringString);
            }
            else if (reader.ValueTextEquals("changes"u8))
            {
                changes.Clear();
                invalid = null;
                ReadEntries(ref reader, entry, e =>
                {
                    // Kept for after the format check: a diff of another format is unsupported, not corrupt.
                    try
                    {
                        if (invalid is null)
                        {
                            changes.Add(ManifestCodec.ChangeFromDocument(e, key, versionId));
                        }
                    }
                    catch (RRBackupException error)
                    {
                        invalid = error;
                    }
                });
            }
            else
            {
                reader.Skip();
            }
        }

        End(ref reader);
        var document = ManifestCodec.CheckDiffDocument(diff, key, versionId);
        if (invalid is not null)
        {
            throw invalid;
        }

        return new ManifestDiff(document.Sequence, document.Parent, document.Time, document.ScanTime, document.Message,
            document.Labels ?? [], changes, document.Writer);
    }

    private static (CheckpointDocument, FileManifest) ParseCheckpoint(byte[] json, int format, string key, string versionId)
    {
        var reader = Start(json);
        var checkpoint = new CheckpointDocument();
        var manifest = new FileManifest();
        var entry = new EntryDocument();
        RRBackupException? invalid = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("format"u8))
            {
                checkpoint.Format = ReadValue(ref reader).GetInt32();
            }
            else if (reader.ValueTextEquals("at"u8))
            {
                checkpoint.At = ReadValue(ref reader).GetString() ?? throw new JsonException("'at' is null");
            }
            else if (reader.ValueTextEquals("sequence"u8))
            {
                checkpoint.Sequence = ReadValue(ref reader).GetInt64();
            }
            else if (reader.ValueTextEquals("scan_time"u8))
            {
                checkpoint.ScanTime = ReadValue(ref reader).GetDateTimeOffset();
            }
            else if (reader.ValueTextEquals("versions"u8))
            {
                reader.Read();
                checkpoint.Versions = JsonSerializer.Deserialize(ref reader, ManifestJsonContext.Default.ListVersionDocument) ?? throw new JsonException("'versions' is null");
            }
            else if (reader.ValueTextEquals("entries"u8) && (checkpoint.Format == 0 || checkpoint.Format == format))
            {
                manifest = new FileManifest();
                invalid = null;
                var entries = manifest;
                ReadEntries(ref reader, entry, e =>
                {
                    // Kept for after the format check: a checkpoint of another format is passed over, not corrupt.
                    try
                    {
                        if (invalid is null && !entries.TryAdd(ManifestCodec.FromDocument(e, key, versionId)))
                        {
                            throw Error.Corrupt(key, versionId, $"it lists '{e.Path}' more than once");
                        }
                    }
                    catch (RRBackupException error)
                    {
                        invalid = error;
                    }
                });
            }
            else
            {
                reader.Skip();
            }
        }

        End(ref reader);
        if (checkpoint.Format != format)
        {
            return (checkpoint, new FileManifest());
        }

        return invalid is null ? (checkpoint, manifest) : throw invalid;
    }

    private static Utf8JsonReader Start(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("it is not a JSON object");
        }

        return reader;
    }

    /// <summary>Moves to the next property name of the current object; false at its end.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.PropertyName => true,
            JsonTokenType.EndObject => false,
            _ => throw new JsonException($"a property name was expected, not {reader.TokenType}"),
        };
    }

    private static void End(ref Utf8JsonReader reader)
    {
        if (reader.Read())
        {
            throw new JsonException("there is more after the JSON object");
        }
    }

    /// <summary>Moves to a property's value, which must not be null.</summary>
    private static ref Utf8JsonReader ReadValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            throw new JsonException("a value that must be present is null");
        }

        return ref reader;
    }

    private static string? ReadOptionalString(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
    }

    private static long? ReadOptionalInt64(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Null ? null : reader.GetInt64();
    }

    /// <summary>Reads an array of entry objects into one reused document each, handing each to <paramref name="use"/> before the next.</summary>
    private static void ReadEntries(ref Utf8JsonReader reader, EntryDocument entry, Action<EntryDocument> use)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"an array was expected, not {reader.TokenType}");
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException($"an entry object was expected, not {reader.TokenType}");
            }

            ReadEntry(ref reader, entry);
            use(entry);
        }
    }

    private static void ReadEntry(ref Utf8JsonReader reader, EntryDocument entry)
    {
        (entry.Op, entry.Path, entry.From, entry.Size, entry.MtimeNs, entry.Sha256, entry.Key, entry.Version, entry.Link) =
            (null, "", null, null, null, null, null, null, null);
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("path"u8))
            {
                entry.Path = ReadValue(ref reader).GetString()!;
            }
            else if (reader.ValueTextEquals("op"u8))
            {
                entry.Op = ReadOptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("from"u8))
            {
                entry.From = ReadOptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("size"u8))
            {
                entry.Size = ReadOptionalInt64(ref reader);
            }
            else if (reader.ValueTextEquals("mtime_ns"u8))
            {
                entry.MtimeNs = ReadOptionalInt64(ref reader);
            }
            else if (reader.ValueTextEquals("sha256"u8))
            {
                entry.Sha256 = ReadOptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("key"u8))
            {
                entry.Key = ReadOptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("version"u8))
            {
                entry.Version = ReadOptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("link"u8))
            {
                entry.Link = ReadOptionalString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }
    }
}
