using System.Management.Automation;
using PermShell.Completers;
using PermShell.Core.Administration;

namespace PermShell.Commands;

/// <summary>Changes a user's display name, email, active or superuser flag. Parameters left out stay as they are.</summary>
[Cmdlet(VerbsCommon.Set, "PermUser", SupportsShouldProcess = true)]
[OutputType(typeof(User))]
public sealed class SetPermUserCommand : StoreCmdlet
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

    // Null means "not given for this record": PowerShell restores each pipeline parameter to its default before
    // binding the next record, but MyInvocation.BoundParameters keeps the names bound for earlier records, so
    // asking it whether -IsActive was given would carry one record's flag to the next.
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BooleanTransformation]
    public bool? IsActive { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BooleanTransformation]
    public bool? IsSuperuser { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var user = new SubjectAdministration(Changes, Context).UpdateUser(Name, u => u with
        {
            DisplayName = DisplayName ?? u.DisplayName,
            Email = Email ?? u.Email,
            IsActive = IsActive ?? u.IsActive,
            IsSuperuser = IsSuperuser ?? u.IsSuperuser,
        });
        if (user is not null && PassThru) WriteObject(user);
    });
}
