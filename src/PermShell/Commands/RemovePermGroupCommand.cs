using System.Management.Automation;
using PermShell.Completers;
using PermShell.Core.Administration;

namespace PermShell.Commands;

/// <summary>Removes groups with their grants and memberships (members themselves stay).</summary>
[Cmdlet(VerbsCommon.Remove, "PermGroup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(Group))]
public sealed class RemovePermGroupCommand : StoreCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("GroupName")]
    [ArgumentCompleter(typeof(GroupNameCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Write what was removed.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var name in Name)
            Run(() =>
            {
                var removed = new SubjectAdministration(Changes, Context).RemoveGroup(name);
                if (removed is not null && PassThru) WriteObject(removed);
            });
    }
}
