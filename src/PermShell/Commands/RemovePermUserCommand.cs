using System.Management.Automation;
using PermShell.Completers;
using PermShell.Core.Administration;

namespace PermShell.Commands;

/// <summary>Removes users with their grants and group memberships.</summary>
[Cmdlet(VerbsCommon.Remove, "PermUser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(User))]
public sealed class RemovePermUserCommand : StoreCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("UserName")]
    [ArgumentCompleter(typeof(UserNameCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Write what was removed.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var name in Name)
            Run(() =>
            {
                var removed = new SubjectAdministration(Changes, Context).RemoveUser(name);
                if (removed is not null && PassThru) WriteObject(removed);
            });
    }
}
