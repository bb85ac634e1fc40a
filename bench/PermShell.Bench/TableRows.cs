namespace PermShell.Bench;

/// <summary>How a row's target is judged against its floor.</summary>
internal enum TargetKind
{
    /// <summary>PermShell's median / the floor's median must be at most the target.</summary>
    RatioAtMost,
    /// <summary>PermShell's median / the floor's median must be at least the target (throughput).</summary>
    RatioAtLeast,
    /// <summary>PermShell's median minus the floor's median must be at most the target (in the row's unit).</summary>
    ExtraAtMost,
    /// <summary>PermShell's median itself must be at most the target (no floor).</summary>
    AtMost,
}

/// <summary>One row of issue 11's table on one dataset size.</summary>
internal sealed record TableRow(string Operation, Sample PermShell, string FloorName, Sample? Floor, TargetKind Kind, double Target, string TargetText)
{
    public double Ratio => Floor is null ? double.NaN : PermShell.Median / Floor.Median;

    /// <summary>The figure the target is judged on: a ratio, an extra amount, or the median itself.</summary>
    public double Judged => Kind switch
    {
        TargetKind.ExtraAtMost => PermShell.Median - Floor!.Median,
        TargetKind.AtMost => PermShell.Median,
        _ => Ratio,
    };

    public bool Met => Kind is TargetKind.RatioAtLeast ? Judged >= Target : Judged <= Target;

    public string JudgedText => Kind switch
    {
        TargetKind.ExtraAtMost => $"+{Figure.Format(Judged)} {PermShell.Unit}",
        TargetKind.AtMost => "—",
        _ => Judged >= 1 ? $"{Figure.Format(Judged)}×" : $"{Figure.Format(Judged)}× (1/{Figure.Format(1 / Judged)})",
    };

    /// <summary>The rows of issue 11's table, in its order, from one size's figures.</summary>
    public static IReadOnlyList<TableRow> From(SizeFigures f) =>
    [
        new("Import the whole dataset as a manifest (whole pwsh process)", f.Import.ProcessSeconds,
            f.Backend == "SQLite" ? "raw SQLite bulk load" : $"raw {f.Backend} bulk load (COPY)", f.FloorLoadSeconds, TargetKind.RatioAtMost, 3, $"≤ 3× the {f.Backend} load"),
        new("Import: peak memory of that process", f.Import.PeakMiB,
            "—", null, TargetKind.AtMost, 400, "≤ 400 MiB peak"),
        new("First answer in a new pwsh (import, open, one check)", Sample.Of("s", f.Start.FirstAnswerMs.Values.Select(v => v / 1000)),
            "bare pwsh start", Sample.Of("s", f.Start.BareMs.Values.Select(v => v / 1000)), TargetKind.ExtraAtMost, 0.6, "≤ +0.6 s over bare pwsh"),
        new("One Test-Permission call", f.Cmdlets.TestPermissionUs,
            "Get-Random, same process", f.Cmdlets.GetRandomUs, TargetKind.RatioAtMost, 3, "≤ 3× Get-Random"),
        new("Test-Permission fed by the pipeline", f.Cmdlets.PipelineTestPerSecond,
            "Select-Object on the same objects", f.Cmdlets.PipelineSelectPerSecond, TargetKind.RatioAtLeast, 0.25, "≥ 1/4 of Select-Object"),
        new("Effective permissions of one user (Get-Permission -Effective)", f.Cmdlets.EffectiveMs,
            "one SQL statement", f.FloorEffectiveMs, TargetKind.RatioAtMost, 30, "≤ 30× the SQL floor"),
        new("Audit of one permission (Get-PermissionAudit -Name)", f.Cmdlets.AuditMs,
            "one SQL statement", f.FloorHoldersMs, TargetKind.RatioAtMost, 1, "≤ the SQL floor"),
        new("Audit of one permission, first call on a new snapshot (after a write)", f.Cmdlets.AuditAfterWriteMs,
            "one SQL statement", f.FloorHoldersMs, TargetKind.RatioAtMost, 1, "≤ the SQL floor"),
        new("Overview of every permission (Get-PermissionAudit, first call)", f.Cmdlets.OverviewFirstMs,
            f.Backend == "SQLite" ? "one SQL statement" : "one SQL statement on SQLite, same run", f.FloorOverviewMs, TargetKind.RatioAtMost, 1.0 / 50, "≤ 1/50 of the SQL floor"),
        new("One grant (Grant-Permission)", f.Cmdlets.GrantMs,
            $"one committed {f.Backend} write", f.FloorCommitMs, TargetKind.RatioAtMost, 20, "≤ 20× one commit"),
        new("One revoke (Revoke-Permission)", f.Cmdlets.RevokeMs,
            $"one committed {f.Backend} write", f.FloorCommitMs, TargetKind.RatioAtMost, 20, "≤ 20× one commit"),
        new("One new user (New-PermUser)", f.Cmdlets.NewUserMs,
            $"one committed {f.Backend} write", f.FloorCommitMs, TargetKind.RatioAtMost, 20, "≤ 20× one commit, as a grant"),
        new("One user removed (Remove-PermUser)", f.Cmdlets.RemoveUserMs,
            $"one committed {f.Backend} write", f.FloorCommitMs, TargetKind.RatioAtMost, 20, "≤ 20× one commit, as a grant"),
    ];
}
