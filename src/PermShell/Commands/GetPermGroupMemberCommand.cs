using System.Management.Automation;
using PermShell.Completers;
using PermShell.Core.Administration;

namespace PermShell.Commands;

/// <summary>Lists a group's members; -Recurse adds the members of nested groups with their depth and the group they come through.</summary>
[Cmdlet(VerbsCommon.Get, "PermGroupMember")]
[OutputType(typeof(GroupMember))]
public sealed class GetPermGroupMemberCommand : StoreCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Name", "GroupName")]
    [ArgumentCompleter(typeof(GroupNameCompleter))]
    public string[] Group { get; set; } = Array.Empty<string>();

    [Parameter]
    public SwitchParameter Recurse { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var group in Group)
            Run(() =>
            {
                var snapshot = Snapshot();
                // Under GROUP_MEMBERS_CHANGE alone, the groups the actor is not in do not exist for it.
                if (Rights is { } rights && !rights.Sees(group)) throw HiddenGroup(group);
                SubjectChecks.RequireGroup(snapshot.State, group);
                var members = snapshot.MembersOf(group, Recurse);
                // A hidden group nested in a visible one stays hidden: neither it nor the rows it leads to are shown.
                WriteObject(Rights is { SeesOnlyOwnGroups: true } own
                    ? members.Where(m => own.Sees(m.Via) && (m.MemberKind != MemberKind.Group || own.Sees(m.Member)))
                    : members, enumerateCollection: true);
            });
    }
}
