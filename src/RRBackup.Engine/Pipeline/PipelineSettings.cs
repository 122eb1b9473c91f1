using RRBackup.Engine.Objects;

namespace RRBackup.Engine.Pipeline;

/// <summary>Which transforms apply to metadata and to each file, and how encryption and chunking are done.</summary>
public sealed record PipelineSettings
{
    public const int DefaultChunkSize = 1 << 20;

    public static readonly PipelineSettings Plain = new();

    /// <summary>The meta pipeline: manifest diffs, the gc log and other metadata.</summary>
    public Transforms Meta { get; init; }

    /// <summary>The [file_pipeline] rules, in file order; the first match wins.</summary>
    public IReadOnlyList<PipelineRule> FileRules { get; init; } = [];

    /// <summary>The transforms of a file no rule matches.</summary>
    public Transforms DefaultFile { get; init; }

    /// <summary>The AEAD that seals chunks of new objects.</summary>
    public EncryptionAlgorithm Cipher { get; init; } = EncryptionAlgorithm.Aegis256;

    /// <summary>The size of the chunks of new compressed or encrypted objects.</summary>
    public int ChunkSize { get; init; } = DefaultChunkSize;

    /// <summary>Whether anything is ever encrypted or name-hashed, so that a data key is needed to write.</summary>
    public bool NeedsKey =>
        ((Meta | DefaultFile | FileRules.Aggregate(Transforms.None, (all, r) => all | r.Transforms)) & (Transforms.Encrypt | Transforms.HashNames)) != 0;

    public Transforms ForFile(string path)
    {
        foreach (var rule in FileRules)
        {
            if (rule.Pattern.Matches(path))
            {
                return rule.Transforms;
            }
        }

        return DefaultFile;
    }
}
