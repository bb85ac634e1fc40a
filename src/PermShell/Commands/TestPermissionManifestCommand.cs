using System.Management.Automation;
using PermShell.Core.Manifest;

namespace PermShell.Commands;

/// <summary>
/// Validates a manifest: $true when valid, else $false and one error per problem. On its own terms without -Store
/// (no store is opened, not even the default); with -Store, also against that store, as an import into it would.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "PermissionManifest")]
[OutputType(typeof(bool))]
public sealed class TestPermissionManifestCommand : ManifestCmdlet
{
    /// <summary>Validate as for an import in this mode (Sync needs every reference inside the manifest).</summary>
    [Parameter]
    [ValidateSet("Merge", "Sync")]
    public string Mode { get; set; } = "Merge";

    protected override void ProcessRecord()
    {
        var valid = false;
        RunManifest(() =>
        {
            var mode = ModeOf(Mode);
            // Only an explicit -Store is read; a missing one is PermShell.Store.NotFound, never a new store.
            var store = Store is null ? null : Snapshot().State;
            IReadOnlyList<ManifestProblem> Validate(ManifestDocument document) =>
                store is null ? ManifestValidator.Check(document, mode) : ManifestValidator.Check(document, store, mode);
            var problems = Validate(LoadManifest(store, mode, Validate));
            WriteProblems(problems);
            valid = problems.All(p => !p.IsError);
        });
        WriteObject(valid);
    }
}
