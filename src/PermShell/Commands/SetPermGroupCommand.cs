using System.Management.Automation;
using PermShell.Completers;
using PermShell.Core.Administration;

namespace PermShell.Commands;

/// <summary>Changes groups' description (a group's members and grants have their own cmdlets).</summary>
[Cmdlet(VerbsCommon.Set, "PermGroup", SupportsShouldProcess = true)]
[OutputType(typeof(Group))]
public sealed class SetPermGroupCommand : StoreCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("GroupName", "Group")]
    [ArgumentCompleter(typeof(GroupNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    /// <summary>What the group is for; an empty string clears it.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    public string Description { get; set; } = "";

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var name in Name)
            Run(() =>
            {
                var group = new SubjectAdministration(Changes, Context).UpdateGroup(name, Description);
                if (group is not null && PassThru) WriteObject(group with { MemberCount = Changes.State.MembersOf(name).Count });
            });
    }
}
