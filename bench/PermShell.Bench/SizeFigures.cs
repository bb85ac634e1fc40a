namespace PermShell.Bench;

/// <summary>
/// Everything measured on one dataset size and one backend (SQLite or PostgreSQL), PermShell and floors, in the same
/// run. On PostgreSQL the overview's floor is the SQLite statement's (the floor has no PostgreSQL overview statement).
/// </summary>
internal sealed record SizeFigures(
    GeneratedDataset Dataset,
    string Subject,
    string Permission,
    string WritePermission,
    ManifestImportFigures Import,
    Sample FloorLoadSeconds,
    Sample FloorEffectiveMs,
    Sample FloorHoldersMs,
    Sample FloorOverviewMs,
    Sample FloorCommitMs,
    int FloorEffectiveCount,
    int FloorHolderRows,
    PwshStartFigures Start,
    CmdletFigures Cmdlets,
    string Backend = "SQLite",
    IReadOnlyList<OwnRowsLoad>? OwnRows = null);
