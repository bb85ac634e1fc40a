using System.Management.Automation;
using PermShell.Completers;
using PermShell.Core.Administration;

namespace PermShell.Commands;

/// <summary>
/// Grants every name to every subject (Trac's <c>permission add</c>). A name that is a group makes the subject a
/// member of it. The call is validated whole before anything is written; what is already granted is a warning.
/// </summary>
[Cmdlet(VerbsSecurity.Grant, "Permission", SupportsShouldProcess = true)]
[OutputType(typeof(Grant))]
public sealed class GrantPermissionCommand : StoreCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Member", "User")]
    [ArgumentCompleter(typeof(SubjectNameCompleter))]
    public string[] Subject { get; set; } = Array.Empty<string>();

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Permission")]
    [ArgumentCompleter(typeof(GrantableNameCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Write a Grant object for each change made (for a membership, its Permission is the group).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var changes = new GrantAdministration(Changes, Context).Grant(Subject, Name);
        if (!PassThru) return;
        foreach (var change in changes) WriteObject(GrantRecord.Of(Changes.State, change));
    });
}
