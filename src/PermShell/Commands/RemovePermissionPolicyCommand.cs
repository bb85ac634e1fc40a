using System.Management.Automation;
using PermShell.Completers;
using PermShell.Core.Administration;

namespace PermShell.Commands;

/// <summary>Removes sections of the resource policy; the sections after each move up one place.</summary>
[Cmdlet(VerbsCommon.Remove, "PermissionPolicy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(ResourcePolicy))]
public sealed class RemovePermissionPolicyCommand : StoreCmdlet
{
    /// <summary>Section patterns, exactly as written.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(PolicyResourceCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Resource { get; set; } = [];

    /// <summary>Write what was removed.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var resource in Resource)
            Run(() =>
            {
                var removed = new PolicyAdministration(Changes, Context).Remove(resource);
                if (removed is not null && PassThru) WriteObject(removed);
            });
    }
}
