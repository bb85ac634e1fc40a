using System.Management.Automation;
using PermShell.Completers;
using PermShell.Core.Administration;

namespace PermShell.Commands;

/// <summary>Adds a permission to the catalog.</summary>
[Cmdlet(VerbsCommon.New, "PermissionDefinition", SupportsShouldProcess = true)]
[OutputType(typeof(PermissionDefinition))]
public sealed class NewPermissionDefinitionCommand : StoreCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Permission")]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? App { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Model { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Description { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(PermissionNameCompleter))]
    public string[]? Implies { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var def = new CatalogAdministration(Changes, Context).Add(Name, App, Model, Description, Implies);
        if (def is not null) WriteObject(def);
    });
}
