using RRBackup.Engine.Errors;

namespace RRBackup.Engine.Manifest;

/// <summary>Resolves what a user types to name a version: 'latest', 'label:KEY=VALUE', an id, or a unique prefix of one.</summary>
public static class VersionSelector
{
    public const string Latest = "latest";
    public const string LabelPrefix = "label:";

    public static VersionInfo Resolve(IReadOnlyList<VersionInfo> versions, string selector)
    {
        if (versions.Count == 0)
        {
            throw new RRBackupException(ErrorCodes.NoVersions, ErrorKind.VersionNotFound,
                $"version '{selector}' does not exist: nothing has been committed yet");
        }

        if (string.Equals(selector, Latest, StringComparison.OrdinalIgnoreCase))
        {
            return versions[^1];
        }

        if (selector.StartsWith(LabelPrefix, StringComparison.Ordinal))
        {
            return ResolveLabel(versions, selector);
        }

        var exact = versions.FirstOrDefault(v => v.VersionId == selector);
        if (exact is not null)
        {
            return exact;
        }

        var matches = selector.Length == 0 ? [] : versions.Where(v => v.VersionId.StartsWith(selector, StringComparison.Ordinal)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new RRBackupException(ErrorCodes.VersionNotFound, ErrorKind.VersionNotFound,
                $"version '{selector}' does not exist; list the versions to see which do ({versions.Count}, the newest '{versions[^1].VersionId}')"),
            _ => throw new RRBackupException(ErrorCodes.VersionAmbiguous, ErrorKind.VersionNotFound,
                $"version '{selector}' is ambiguous: it is a prefix of {string.Join(", ", matches.Take(5).Select(m => $"'{m.VersionId}'"))}" +
                (matches.Count > 5 ? $" and {matches.Count - 5} more" : "")),
        };
    }

    private static VersionInfo ResolveLabel(IReadOnlyList<VersionInfo> versions, string selector)
    {
        var pair = selector[LabelPrefix.Length..];
        var equals = pair.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new RRBackupException(ErrorCodes.InvalidArguments, ErrorKind.Usage,
                $"version '{selector}' is not of the form label:KEY=VALUE");
        }

        var (key, value) = (pair[..equals], pair[(equals + 1)..]);
        for (var i = versions.Count - 1; i >= 0; i--)
        {
            if (versions[i].Labels.TryGetValue(key, out var found) && found == value)
            {
                return versions[i];
            }
        }

        throw new RRBackupException(ErrorCodes.VersionNotFound, ErrorKind.VersionNotFound,
            $"no version carries the label {key}={value}");
    }
}
