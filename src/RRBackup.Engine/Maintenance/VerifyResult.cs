using RRBackup.Engine.Manifest;

namespace RRBackup.Engine.Maintenance;

/// <summary>What verify checked and found.</summary>
/// <param name="VersionsChecked">How many versions of the history were checked.</param>
/// <param name="ObjectsChecked">How many distinct object versions they reference.</param>
/// <param name="DataRead">Whether every object was read, decrypted and hashed.</param>
/// <param name="Problems">Everything found wrong; empty when all is well.</param>
/// <param name="SkippedVersions">Manifest diffs that lost a race and are not part of the history (not problems).</param>
public sealed record VerifyResult(int VersionsChecked, int ObjectsChecked, bool DataRead, IReadOnlyList<VerifyProblem> Problems, IReadOnlyList<SkippedVersion> SkippedVersions)
{
    public bool IsHealthy => Problems.Count == 0;
}
