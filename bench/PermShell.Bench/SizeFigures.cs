namespace PermShell.Bench;

/// <summary>Everything measured on one dataset size, PermShell and floors, in the same run.</summary>
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
    CmdletFigures Cmdlets);
