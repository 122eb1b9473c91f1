using System.Text.Json.Serialization;

namespace RRBackup.Engine.Restore;

[JsonSerializable(typeof(VersionStamp))]
internal sealed partial class VersionStampJsonContext : JsonSerializerContext;
