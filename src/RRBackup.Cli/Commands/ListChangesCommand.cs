using RRBackup.Cli.Json;
using RRBackup.Cli.Output;
using RRBackup.Engine;
using RRBackup.Engine.Manifest;

namespace RRBackup.Cli.Commands;

/// <summary>`rrbackup list_changes VERSION`: what was added, changed, deleted, moved or touched in a version.</summary>
public static class ListChangesCommand
{
    public static async Task<int> RunAsync(CommandContext context)
    {
        context.RequireArguments(1);
        var changes = await context.Engine.ListChangesAsync(context.Args.Positional[0], context.CancellationToken);
        var output = context.Output;

        // Deduplicated files are shown to a person and in JSON; a script reading the plain lines does not need them.
        var marks = output.Json || output.OutputIsTerminal
            ? await DeduplicatedAsync(context.Engine, changes, context.CancellationToken)
            : new HashSet<string>(StringComparer.Ordinal);
        if (output.Json)
        {
            output.WriteJson(new ChangeListDocument(VersionDocument.From(changes.Version), [.. changes.Changes.Select(c => Document(c, marks.Contains(c.Path)))]),
                CliJson.Context.ChangeListDocument);
            return ExitCodes.Ok;
        }

        if (changes.Changes.Count == 0)
        {
            output.Result($"Version {changes.Version.VersionId} changed no files.");
        }

        foreach (var change in changes.Changes)
        {
            output.Result(Line(change, marks.Contains(change.Path), output.Out));
        }

        return ExitCodes.Ok;
    }

    /// <summary>`added    /a.txt`: the kind padded to 9 characters, then the path (a move: `OLD -> NEW`).</summary>
    public static string Line(ManifestChange change, bool deduplicated, Palette colour)
    {
        var plain = Formatting.ChangeLine(change);
        var word = plain[..plain.IndexOf(' ', StringComparison.Ordinal)];
        var painted = change.Kind switch
        {
            ChangeKind.Added => colour.Green(word),
            ChangeKind.Changed => colour.Yellow(word),
            ChangeKind.Deleted => colour.Red(word),
            ChangeKind.Moved => colour.Cyan(word),
            _ => colour.Dim(word),
        };
        return painted + plain[word.Length..] + (deduplicated ? colour.Dim("  (deduplicated: stored once)") : "");
    }

    private static ChangeDocument Document(ManifestChange change, bool deduplicated) => new(
        change.Kind.ToString().ToLowerInvariant(),
        change.Path,
        change.FromPath,
        change.Entry?.Size,
        change.Entry?.ModifiedUtc,
        change.Entry?.Sha256,
        change.Entry?.LinkTarget,
        deduplicated);

    /// <summary>
    /// The added and changed paths whose contents were already in the store: their object is one the
    /// version before already referenced, or one that an earlier path of the same commit (in path
    /// order, the order in which a commit assigns uploads) was uploaded under.
    /// </summary>
    private static async Task<HashSet<string>> DeduplicatedAsync(BackupEngine engine, VersionChanges changes, CancellationToken cancellationToken)
    {
        var marked = new HashSet<string>(StringComparer.Ordinal);
        var candidates = changes.Changes.Where(c => c.Kind is ChangeKind.Added or ChangeKind.Changed && c.Entry?.ObjectKey is not null).ToList();
        if (candidates.Count == 0)
        {
            return marked;
        }

        var seen = new HashSet<(string, string?)>();
        if (changes.Version.ParentVersionId is { } parent)
        {
            var before = await engine.ListFilesAsync(parent, cancellationToken);
            seen.UnionWith(before.Files.Where(f => f.ObjectKey is not null).Select(f => (f.ObjectKey!, f.ObjectVersion)));
        }

        foreach (var change in candidates.OrderBy(c => c.Path, StringComparer.Ordinal))
        {
            if (!seen.Add((change.Entry!.ObjectKey!, change.Entry.ObjectVersion)))
            {
                marked.Add(change.Path);
            }
        }

        return marked;
    }
}
