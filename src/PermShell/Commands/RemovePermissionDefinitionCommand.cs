using System.Management.Automation;
using PermShell.Completers;
using PermShell.Core.Administration;

namespace PermShell.Commands;

/// <summary>Removes permissions from the catalog, with every grant of them.</summary>
[Cmdlet(VerbsCommon.Remove, "PermissionDefinition", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(PermissionDefinition))]
public sealed class RemovePermissionDefinitionCommand : StoreCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Permission")]
    [ArgumentCompleter(typeof(PermissionNameCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Write what was removed.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var name in Name)
            Run(() =>
            {
                var removed = new CatalogAdministration(Changes, Context).Remove(name);
                if (removed is not null && PassThru) WriteObject(removed);
            });
    }
}
