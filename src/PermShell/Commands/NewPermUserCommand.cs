using System.Management.Automation;
using PermShell.Core.Administration;

namespace PermShell.Commands;

/// <summary>Creates users: one per name, each with the attributes given (a bad name is an error for that name only).</summary>
[Cmdlet(VerbsCommon.New, "PermUser", SupportsShouldProcess = true)]
[OutputType(typeof(User))]
public sealed class NewPermUserCommand : StoreCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("UserName")]
    [ValidateNotNull]
    public string[] Name { get; set; } = [];

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? DisplayName { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Email { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BooleanTransformation]
    public bool IsActive { get; set; } = true;

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BooleanTransformation]
    public bool IsSuperuser { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var name in Name)
            Run(() =>
            {
                var user = new User
                {
                    Name = name,
                    DisplayName = DisplayName ?? "",
                    Email = Email ?? "",
                    IsActive = IsActive,
                    IsSuperuser = IsSuperuser,
                };
                var created = new SubjectAdministration(Changes, Context).AddUser(user);
                if (created is not null) WriteObject(created);
            });
    }
}
