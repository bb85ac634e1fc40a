using System.Management.Automation;
using PermShell.Core.Manifest;
using PermShell.Core.Store;

namespace PermShell.Commands;

/// <summary>
/// Applies a manifest: read, validate, plan and confirm with no lock held, then write exactly that plan in one short
/// transaction when the command ends. Merge adds and updates; Sync also removes what the manifest's sections lack.
/// A plan is written whole or not at all.
/// </summary>
[Cmdlet(VerbsData.Import, "PermissionManifest", SupportsShouldProcess = true)]
[OutputType(ChangeView.TypeName)]
public sealed class ImportPermissionManifestCommand : ManifestCmdlet
{
    [Parameter]
    [ValidateSet("Merge", "Sync")]
    public string Mode { get; set; } = "Merge";

    /// <summary>Write the applied changes.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Apply Sync's removals without asking (for unattended pipelines).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    // A whole-store manifest: after reading it, and again after planning, the process hands back what the step before
    // used (a blocking, compacting collection, tens of ms), so its peak memory is the largest step's, not their sum:
    // on 100,000 users it fell from about 400 to 350 MiB, with no loss of time.
    private const int LargePlan = 100_000;

    protected override void ProcessRecord() => RunManifest(() =>
    {
        var changes = Changes;
        var mode = ModeOf(Mode);
        // Read and plan against the store as this pipeline sees it (a Trac CSV's meaning depends on it). Nothing is
        // locked meanwhile: the write re-checks the plan if another process committed in between.
        var current = changes.State;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var document = LoadManifest(current, mode, d => ManifestValidator.Check(d, current, mode));
        var read = clock.Elapsed;
        if ((document.Users?.Count ?? 0) + (document.Groups?.Count ?? 0) >= LargePlan / 10) GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var plan = ManifestImport.Plan(current, document, mode, Context);
        WriteVerbose($"Read {FullPath} in {read.TotalSeconds:0.00} s; checked it and planned {plan.Count} change(s) in {(clock.Elapsed - read).TotalSeconds:0.00} s.");
        WriteSummary(plan);
        if (plan.Count == 0 || !MostGrantsAllowed(current, plan)) return;
        // An enforced store judges the plan whole by the actor's rights: any forbidden change refuses it all, each listed.
        changes.Admit(plan);
        if (!Confirmed(plan)) return;

        // The log names the manifest by its full path and the hash of the bytes read, not just the cmdlet.
        changes.Source = ChangeSource.Manifest(FullPath, document.ContentHash);
        foreach (var change in plan) changes.Apply(change);
        // Should another writer commit before this plan is written, the plan is made again then, under the store's
        // lock, against the store as written: anything left to do (a user another apply added that Sync must remove)
        // stops the write, so two applies never interleave their plans.
        var path = FullPath;
        changes.Expect(state => ManifestImport.Plan(state, document, mode) is { Count: > 0 } left
            ? $"applying {path} now would still change {ChangeCounts.Phrase(left)}."
            : null);
        if (plan.Count >= LargePlan) GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        WriteVerbose($"Staged {plan.Count} change(s) from {FullPath}; they are written in one transaction when the command ends.");
        if (PassThru) WriteChanges(plan);
    });

    /// <summary>
    /// Asks for every change (-WhatIf lists them all) and, when the plan removes anything, asks once more for the
    /// removals unless -Force. Any change declined means nothing is applied: a partial plan could leave the store half
    /// way between two states. A session that cannot ask (pwsh -NonInteractive, standard input that is not a console)
    /// gets an error, not a prompt (see <see cref="Consent"/>).
    /// </summary>
    /// <summary>
    /// A Sync that would take away more than half of the store's grants needs -Force, even in a session that could
    /// ask: one "yes" at a prompt is too little for emptying a store by a wrong manifest. -WhatIf only warns.
    /// </summary>
    private bool MostGrantsAllowed(PermissionState current, IReadOnlyList<Change> plan)
    {
        var share = GrantRemovalShare.Of(current, plan);
        if (Force || !GrantRemovalShare.IsMost(share)) return true;
        var what = $"Sync would remove {share.Removed} of the store's {share.Total} grants, more than half";
        if (MyInvocation.BoundParameters.ContainsKey("WhatIf"))
        {
            WriteWarning($"{what}: applying this plan needs -Force.");
            return true;
        }
        WriteProblem(new PermShellException("PermShell.Manifest.MostGrantsRemoved", ProblemKind.InvalidOperation,
            $"{what}. Nothing was applied. Review the plan with Compare-PermissionManifest -Mode Sync, then import with -Force if it is meant.",
            FullPath));
        return false;
    }

    private bool Confirmed(IReadOnlyList<Change> plan)
    {
        var all = true;
        foreach (var change in plan)
        {
            var view = ChangeView.Of(change);
            var target = view.Target.Length == 0 ? view.Subject : $"{view.Subject} / {view.Target}";
            if (!Consent.ShouldProcess(this, target, view.Describe())) all = false;
        }
        var removals = plan.Where(c => c.Action == ChangeAction.Remove).ToList();
        if (all && removals.Count > 0 && !RemovalsConfirmed(removals)) all = false;
        if (!all && !MyInvocation.BoundParameters.ContainsKey("WhatIf"))
            WriteWarning("Nothing was applied: a manifest's plan is applied whole or not at all, and some changes were declined.");
        return all;
    }

    /// <summary>
    /// The one question before Sync's removals (-Force or -Confirm:$false skips it; the default answer is No). A
    /// session that cannot ask refuses the whole plan with PermShell.Manifest.RemovalNotConfirmed.
    /// </summary>
    private bool RemovalsConfirmed(List<Change> removals)
    {
        // "Sync removes 2 users, 1 group and 5 grants that the manifest lacks"
        var what = $"Sync removes {ChangeCounts.Phrase(removals)} that the manifest lacks";
        return Consent.ShouldContinue(this, $"{what}. Apply the plan? (-Force skips this question.)", "Confirm removals", Force,
            () => new PermShellException("PermShell.Manifest.RemovalNotConfirmed", ProblemKind.InvalidOperation,
                $"{what}, and this session cannot ask for confirmation. Nothing was applied. Review the plan with Compare-PermissionManifest -Mode Sync, then import with -Force.",
                FullPath));
    }
}
