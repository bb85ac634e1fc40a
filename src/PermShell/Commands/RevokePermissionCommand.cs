using System.Management.Automation;
using PermShell.Completers;
using PermShell.Core.Administration;

namespace PermShell.Commands;

/// <summary>
/// Revokes grants and group memberships (Trac's <c>permission remove</c>). '*' as subject means everyone, '*' as
/// name everything the subject was given. What is not directly granted changes nothing and warns why.
/// </summary>
[Cmdlet(VerbsSecurity.Revoke, "Permission", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
public sealed class RevokePermissionCommand : StoreCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Member", "User")]
    [ArgumentCompleter(typeof(SubjectNameCompleter))]
    public string[] Subject { get; set; } = Array.Empty<string>();

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Permission")]
    [ArgumentCompleter(typeof(GrantableNameCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    protected override void ProcessRecord() => Run(() => new GrantAdministration(Changes, Context).Revoke(Subject, Name));
}
