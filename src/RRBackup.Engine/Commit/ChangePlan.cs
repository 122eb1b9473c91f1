namespace RRBackup.Engine.Commit;

/// <summary>What a commit will record and which objects it must write for that.</summary>
/// <param name="Changes">The changes to record.</param>
/// <param name="Uploads">The objects to write.</param>
/// <param name="Hashed">The paths whose contents were read to plan (the rest were proven unchanged by size and time).</param>
internal sealed record ChangePlan(IReadOnlyList<PlannedChange> Changes, IReadOnlyList<UploadJob> Uploads, IReadOnlyCollection<string> Hashed);
