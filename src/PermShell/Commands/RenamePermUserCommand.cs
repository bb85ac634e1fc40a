using System.Management.Automation;
using PermShell.Completers;
using PermShell.Core.Administration;

namespace PermShell.Commands;

/// <summary>Gives a user a new name, keeping its attributes, grants and group memberships; the log keeps the old name in earlier entries.</summary>
[Cmdlet(VerbsCommon.Rename, "PermUser", SupportsShouldProcess = true)]
[OutputType(typeof(User))]
public sealed class RenamePermUserCommand : StoreCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("UserName")]
    [ArgumentCompleter(typeof(UserNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>The user's new name: the same rules as for a new user.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string NewName { get; set; } = "";

    /// <summary>Write the renamed user.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var user = new SubjectAdministration(Changes, Context).RenameUser(Name, NewName);
        if (user is not null && PassThru) WriteObject(user);
    });
}
