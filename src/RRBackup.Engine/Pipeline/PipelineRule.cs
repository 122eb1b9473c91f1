using RRBackup.Engine.Patterns;

namespace RRBackup.Engine.Pipeline;

/// <summary>One line of [file_pipeline]: files matching the pattern get these transforms.</summary>
/// <param name="Pattern">The pattern (first match wins, in file order).</param>
/// <param name="Transforms">The transforms; none means stored as-is.</param>
/// <param name="Line">The line of the configuration file, for messages.</param>
public sealed record PipelineRule(PathPattern Pattern, Transforms Transforms, int Line);
