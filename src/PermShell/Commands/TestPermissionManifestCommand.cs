using System.Management.Automation;
using PermShell.Core.Manifest;

namespace PermShell.Commands;

/// <summary>Validates a manifest on its own terms, without a store: $true when valid, else $false and one error per problem.</summary>
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
            var problems = ManifestValidator.Check(LoadManifest(null, mode, d => ManifestValidator.Check(d, mode)), mode);
            WriteProblems(problems);
            valid = problems.All(p => !p.IsError);
        });
        WriteObject(valid);
    }
}
