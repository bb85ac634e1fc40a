using PermShell.Core.Administration;
using PermShell.Core.Store;

namespace PermShell.Core.Manifest;

/// <summary>
/// Validate → plan → apply as one path (STYLE: "the same plan objects are what the apply step executes").
/// Compare-PermissionManifest and -WhatIf call <see cref="Plan"/> and stop; an import stages the plan in a
/// <see cref="ChangeBatch"/> (<see cref="Apply"/>) that the store then commits in one transaction.
/// </summary>
public static class ManifestImport
{
    /// <summary>
    /// Checks <paramref name="document"/> against <paramref name="current"/> and returns the plan. Throws a
    /// <see cref="ManifestException"/> listing every problem; warnings go to <paramref name="host"/>.
    /// </summary>
    public static IReadOnlyList<Change> Plan(PermissionState current, ManifestDocument document, ManifestMode mode, IHostContext? host = null)
    {
        var (problems, plan) = ManifestValidator.CheckAndPlan(document, current, mode);
        ManifestValidator.ThrowIfInvalid(problems);
        foreach (var warning in problems) host?.Warning(warning.ToString());
        return plan;
    }

    /// <summary>
    /// Plans against the batch's state and stages exactly that plan. The caller commits (a store that moved on
    /// meanwhile re-checks each change); an empty plan writes nothing. Returns the staged plan.
    /// </summary>
    public static IReadOnlyList<Change> Apply(ChangeBatch batch, ManifestDocument document, ManifestMode mode, IHostContext? host = null)
    {
        var plan = Plan(batch.State, document, mode, host);
        foreach (var change in plan) batch.Apply(change);
        return plan;
    }
}
