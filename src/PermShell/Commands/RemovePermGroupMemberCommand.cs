using System.Management.Automation;
using PermShell.Completers;
using PermShell.Core.Administration;

namespace PermShell.Commands;

/// <summary>Removes direct members from a group.</summary>
[Cmdlet(VerbsCommon.Remove, "PermGroupMember", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(GroupMember))]
public sealed class RemovePermGroupMemberCommand : StoreCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(GroupNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Group { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Name", "Subject")]
    [ArgumentCompleter(typeof(SubjectNameCompleter))]
    public string[] Member { get; set; } = Array.Empty<string>();

    /// <summary>Write what was removed.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var removed = new SubjectAdministration(Changes, Context).RemoveMembers(Group, Member);
        if (!PassThru) return;
        foreach (var change in removed)
            WriteObject(MemberRecord.Of(Changes.State, change.Group, change.Member));
    });
}
