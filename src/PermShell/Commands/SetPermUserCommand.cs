using System.Management.Automation;
using PermShell.Completers;
using PermShell.Core.Administration;

namespace PermShell.Commands;

/// <summary>Changes a user's display name, email, active or superuser flag. Parameters left out stay as they are.</summary>
[Cmdlet(VerbsCommon.Set, "PermUser", SupportsShouldProcess = true)]
[OutputType(typeof(User))]
public sealed class SetPermUserCommand : PermShellCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("UserName")]
    [ArgumentCompleter(typeof(UserNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? DisplayName { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Email { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BooleanTransformation]
    public bool IsActive { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BooleanTransformation]
    public bool IsSuperuser { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var bound = MyInvocation.BoundParameters;
        var user = new SubjectAdministration(Changes, Context).UpdateUser(Name, u => u with
        {
            DisplayName = DisplayName ?? u.DisplayName,
            Email = Email ?? u.Email,
            IsActive = bound.ContainsKey(nameof(IsActive)) ? IsActive : u.IsActive,
            IsSuperuser = bound.ContainsKey(nameof(IsSuperuser)) ? IsSuperuser : u.IsSuperuser,
        });
        if (user is not null && PassThru) WriteObject(user);
    });
}
