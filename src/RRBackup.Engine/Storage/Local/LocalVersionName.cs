using System.Globalization;
using System.Security.Cryptography;

namespace RRBackup.Engine.Storage.Local;

/// <summary>The file name of one version: '{sequence}.{random}', with a '~' suffix for a delete marker.</summary>
/// <remarks>
/// The sequence gives the write order; the random part keeps ids of different stores (or of a
/// version deleted and written again) apart, so a stale cache can never mistake one for another.
/// </remarks>
internal readonly record struct LocalVersionName(long Sequence, string VersionId, bool IsDeleteMarker)
{
    public const string DeleteMarkerSuffix = "~";

    public string FileName => IsDeleteMarker ? VersionId + DeleteMarkerSuffix : VersionId;

    public static LocalVersionName Create(long sequence, bool isDeleteMarker)
    {
        var random = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        return new LocalVersionName(sequence, $"{sequence.ToString(CultureInfo.InvariantCulture)}.{random}", isDeleteMarker);
    }

    public static bool TryParse(string fileName, out LocalVersionName name)
    {
        name = default;
        var isMarker = fileName.EndsWith(DeleteMarkerSuffix, StringComparison.Ordinal);
        var id = isMarker ? fileName[..^1] : fileName;
        var dot = id.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !long.TryParse(id.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            return false;
        }

        name = new LocalVersionName(sequence, id, isMarker);
        return true;
    }
}
