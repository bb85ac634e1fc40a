using System.Management.Automation;
using PermShell.Completers;
using PermShell.Core.Administration;

namespace PermShell.Commands;

/// <summary>
/// Lists the groups a user or group is in (the other side of Get-PermGroupMember); -Recurse adds the groups it is in
/// through nesting, with their depth and the group it comes through.
/// </summary>
[Cmdlet(VerbsCommon.Get, "PermGroupMembership")]
[OutputType(typeof(GroupMember))]
public sealed class GetPermGroupMembershipCommand : StoreCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Member", "User", "Name")]
    [ArgumentCompleter(typeof(SubjectNameCompleter))]
    public string[] Subject { get; set; } = Array.Empty<string>();

    [Parameter]
    public SwitchParameter Recurse { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var subject in Subject)
            Run(() =>
            {
                var snapshot = Snapshot();
                SubjectChecks.RequireSubject(snapshot.State, subject);
                var rights = Rights;
                WriteObject(snapshot.MembershipsOf(subject, Recurse).Where(m => rights?.Sees(m.Group) ?? true), enumerateCollection: true);
            });
    }
}
