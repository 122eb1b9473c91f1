using System.Text.Json.Serialization;

namespace RRBackup.Engine.Manifest.Json;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(DiffDocument))]
[JsonSerializable(typeof(CacheDocument))]
[JsonSerializable(typeof(CheckpointDocument))]
[JsonSerializable(typeof(GcLogDocument))]
[JsonSerializable(typeof(GarbageLogDocument))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
