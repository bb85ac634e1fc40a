using System.Management.Automation;
using PermShell.Core.Manifest;
using PermShell.Core.Store;

namespace PermShell.Commands;

/// <summary>
/// Applies a manifest in one transaction: validate, plan, then exactly that plan. Merge adds and updates; Sync also
/// removes what the manifest's sections lack. A plan is applied whole or not at all.
/// </summary>
[Cmdlet(VerbsData.Import, "PermissionManifest", SupportsShouldProcess = true)]
[OutputType(typeof(Change))]
public sealed class ImportPermissionManifestCommand : ManifestCmdlet
{
    private const int ProgressEvery = 500;

    [Parameter]
    [ValidateSet("Merge", "Sync")]
    public string Mode { get; set; } = "Merge";

    /// <summary>Write the applied changes.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Apply Sync's removals without asking (for unattended pipelines).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord() => RunManifest(() =>
    {
        var document = LoadManifest();
        var writer = Writer;
        // The log names the manifest by its full path and the hash of the bytes read, not just the cmdlet.
        writer.Source = ChangeSource.Manifest(FullPath, document.ContentHash);
        var plan = ManifestImport.Plan(writer.State, document, ModeOf(Mode), Context);
        WriteSummary(plan);
        if (plan.Count == 0 || !Confirmed(plan)) return;

        for (var i = 0; i < plan.Count; i++)
        {
            if (i % ProgressEvery == 0)
                WriteProgress(new ProgressRecord(2, "Applying manifest", $"{i:N0} of {plan.Count:N0} changes") { PercentComplete = i * 100 / plan.Count });
            writer.Apply(plan[i]);
        }
        WriteProgress(new ProgressRecord(2, "Applying manifest", "Done") { RecordType = ProgressRecordType.Completed });
        WriteVerbose($"Applied {plan.Count} change(s) from {FullPath}; they are committed when the command ends.");
        if (PassThru) WriteObject(plan, enumerateCollection: true);
    });

    /// <summary>
    /// Asks for every change (-WhatIf lists them all) and, for Sync's removals, asks again unless -Force. Any change
    /// declined means nothing is applied: a partial plan could leave the store half way between two states.
    /// </summary>
    private bool Confirmed(IReadOnlyList<Change> plan)
    {
        var all = true;
        foreach (var change in plan)
        {
            var target = change.Target.Length == 0 ? change.Subject : $"{change.Subject} / {change.Target}";
            if (!ShouldProcess(target, change.Describe()))
            {
                all = false;
                continue;
            }
            if (change.Action == ChangeAction.Remove && !Force &&
                !ShouldContinue($"Remove {change.Kind.ToString().ToLowerInvariant()} {target}? (Sync removes what the manifest lacks; use -Force to skip this question.)", "Confirm removal"))
                all = false;
        }
        if (!all && !MyInvocation.BoundParameters.ContainsKey("WhatIf"))
            WriteWarning("Nothing was applied: a manifest's plan is applied whole or not at all, and some changes were declined.");
        return all;
    }
}
