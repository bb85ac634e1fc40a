using System.Management.Automation;
using PermShell.Completers;
using PermShell.Core.Administration;

namespace PermShell.Commands;

/// <summary>Adds users or groups to a group. A membership that would close a cycle is refused, showing the cycle.</summary>
[Cmdlet(VerbsCommon.Add, "PermGroupMember", SupportsShouldProcess = true)]
[OutputType(typeof(GroupMember))]
public sealed class AddPermGroupMemberCommand : StoreCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(GroupNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Group { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Name", "Subject")]
    [ArgumentCompleter(typeof(NewMemberNameCompleter))]
    public string[] Member { get; set; } = Array.Empty<string>();

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var added = new SubjectAdministration(Changes, Context).AddMembers(Group, Member);
        if (!PassThru) return;
        foreach (var change in added)
            WriteObject(MemberRecord.Of(Changes.State, change.Group, change.Member));
    });
}
