using System.Management.Automation;
using PermShell.Completers;
using PermShell.Core.Administration;

namespace PermShell.Commands;

/// <summary>Changes a permission's app, model, description or implications.</summary>
[Cmdlet(VerbsCommon.Set, "PermissionDefinition", SupportsShouldProcess = true)]
[OutputType(typeof(PermissionDefinition))]
public sealed class SetPermissionDefinitionCommand : StoreCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Permission")]
    [ArgumentCompleter(typeof(PermissionNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? App { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Model { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Description { get; set; }

    /// <summary>Replaces the implications; pass an empty array to clear them.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(PermissionNameCompleter))]
    [AllowEmptyCollection]
    public string[]? Implies { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var def = new CatalogAdministration(Changes, Context).Update(Name, App, Model, Description, Implies);
        if (def is not null && PassThru) WriteObject(def);
    });
}
