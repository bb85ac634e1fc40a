using System.Management.Automation;
using PermShell.Core.Administration;

namespace PermShell.Commands;

/// <summary>Creates groups: one per name (a bad name is an error for that name only).</summary>
[Cmdlet(VerbsCommon.New, "PermGroup", SupportsShouldProcess = true)]
[OutputType(typeof(Group))]
public sealed class NewPermGroupCommand : StoreCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("GroupName")]
    [ValidateNotNull]
    public string[] Name { get; set; } = [];

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Description { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var name in Name)
            Run(() =>
            {
                var created = new SubjectAdministration(Changes, Context).AddGroup(new Group { Name = name, Description = Description ?? "" });
                if (created is not null) WriteObject(created);
            });
    }
}
