namespace RRBackup.Engine.Commit;

/// <summary>What a commit will record and which objects it must write for that.</summary>
internal sealed record ChangePlan(IReadOnlyList<PlannedChange> Changes, IReadOnlyList<UploadJob> Uploads);
