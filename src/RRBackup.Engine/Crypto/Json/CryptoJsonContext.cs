using System.Text.Json.Serialization;

namespace RRBackup.Engine.Crypto.Json;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(SaltDocument))]
[JsonSerializable(typeof(KeyDocument))]
internal sealed partial class CryptoJsonContext : JsonSerializerContext;
