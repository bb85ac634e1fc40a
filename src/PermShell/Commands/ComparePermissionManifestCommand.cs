using System.Management.Automation;
using PermShell.Core.Manifest;

namespace PermShell.Commands;

/// <summary>
/// The plan: what importing a manifest would change in the store, as Change objects (or Markdown for a pull-request
/// comment). Writes nothing. Import-PermissionManifest applies exactly this plan.
/// </summary>
[Cmdlet(VerbsData.Compare, "PermissionManifest")]
[OutputType(ChangeView.TypeName)]
[OutputType(typeof(string))]
public sealed class ComparePermissionManifestCommand : ManifestCmdlet
{
    [Parameter]
    [ValidateSet("Merge", "Sync")]
    public string Mode { get; set; } = "Merge";

    /// <summary>Write the plan as one Markdown string instead of Change objects.</summary>
    [Parameter]
    public SwitchParameter AsMarkdown { get; set; }

    protected override void ProcessRecord() => RunManifest(() =>
    {
        RequireRight("compare a manifest with the store", PermShell.Core.Rules.Rights.Audit, PermShell.Core.Rules.Rights.Admin);
        var state = Snapshot().State;
        var mode = ModeOf(Mode);
        var document = LoadManifest(state, mode, d => ManifestValidator.Check(d, state, mode));
        var plan = ManifestImport.Plan(state, document, mode, Context);
        WriteSummary(plan);
        if (AsMarkdown)
            WriteObject(PlanMarkdown.Render(plan, $"PermShell plan for {Path} ({Mode})"));
        else
            WriteChanges(plan);
    });
}
