using System.Management.Automation;
using PermShell.Completers;
using PermShell.Core.Administration;

namespace PermShell.Commands;

/// <summary>Answers whether a subject holds a permission; -Explain returns the routes that give it instead.</summary>
[Cmdlet(VerbsDiagnostic.Test, "Permission")]
[OutputType(typeof(bool))]
[OutputType(typeof(Route))]
public sealed class TestPermissionCommand : StoreCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Member", "User")]
    [ArgumentCompleter(typeof(SubjectNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Subject { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Permission")]
    [ArgumentCompleter(typeof(PermissionNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>Return every route that gives the permission (nothing, with a warning saying why, when none does).</summary>
    [Parameter]
    public SwitchParameter Explain { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var snapshot = Snapshot();
        var state = snapshot.State;
        SubjectChecks.RequireSubject(state, Subject);
        SubjectChecks.RequirePermission(state, Name);
        if (!Explain)
        {
            WriteObject(snapshot.Check(Subject, Name));
            return;
        }
        var routes = snapshot.Explain(Subject, Name);
        if (routes.Count == 0) WriteWarning(WhyNot(state));
        WriteObject(routes, enumerateCollection: true);
    });

    private string WhyNot(PermissionState state) =>
        state.Users.TryGetValue(Subject, out var user) && !user.IsActive
            ? $"{Subject} does not hold {Name}: {Subject} is inactive, and an inactive user holds nothing."
            : $"{Subject} does not hold {Name}: no grant to {Subject}, its groups, anonymous or authenticated gives or implies it.";
}
