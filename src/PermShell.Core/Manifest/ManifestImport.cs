using PermShell.Core.Administration;
using PermShell.Core.Store;

namespace PermShell.Core.Manifest;

/// <summary>
/// Validate → plan → apply as one path (STYLE: "the same plan objects are what the apply step executes").
/// Compare-PermissionManifest and -WhatIf call <see cref="Plan"/> and stop; Import calls <see cref="Apply"/>
/// inside its one write transaction and commits.
/// </summary>
public static class ManifestImport
{
    /// <summary>
    /// Checks <paramref name="document"/> against <paramref name="current"/> and returns the plan. Throws a
    /// <see cref="ManifestException"/> listing every problem; warnings go to <paramref name="host"/>.
    /// </summary>
    public static IReadOnlyList<Change> Plan(PermissionState current, ManifestDocument document, ManifestMode mode, IHostContext? host = null)
    {
        var problems = ManifestValidator.Check(document, current, mode);
        ManifestValidator.ThrowIfInvalid(problems);
        foreach (var warning in problems) host?.Warning(warning.ToString());
        return ManifestPlanner.Plan(current, document, mode);
    }

    /// <summary>
    /// Plans against the transaction's own state (so nothing can change between plan and apply) and applies exactly
    /// that plan. The caller commits; an empty plan writes nothing. Returns the applied plan.
    /// </summary>
    public static IReadOnlyList<Change> Apply(StoreWriter writer, ManifestDocument document, ManifestMode mode, IHostContext? host = null)
    {
        var plan = Plan(writer.State, document, mode, host);
        foreach (var change in plan) writer.Apply(change);
        return plan;
    }
}
