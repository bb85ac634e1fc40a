using System.Management.Automation;
using PermShell.Completers;
using PermShell.Core.Administration;

namespace PermShell.Commands;

/// <summary>Gives a group a new name, keeping its description, grants, members and memberships; the log keeps the old name in earlier entries.</summary>
[Cmdlet(VerbsCommon.Rename, "PermGroup", SupportsShouldProcess = true)]
[OutputType(typeof(Group))]
public sealed class RenamePermGroupCommand : StoreCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("GroupName")]
    [ArgumentCompleter(typeof(GroupNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>The group's new name: the same rules as for a new group.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string NewName { get; set; } = "";

    /// <summary>Write the renamed group.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var group = new SubjectAdministration(Changes, Context).RenameGroup(Name, NewName);
        if (group is not null && PassThru) WriteObject(group with { MemberCount = Changes.State.MembersOf(group.Name).Count });
    });
}
