using System.Management.Automation;
using PermShell.Completers;
using PermShell.Core.Engine;

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

    // The decision says everything; this only formats it. Without -Explain its routes are never read, so never traced.
    protected override void ProcessRecord() => Run(() =>
    {
        var decision = Snapshot().Decide(Subject, Name);
        var unknown = decision.UnknownNames.ToList();
        if (unknown.Count > 0)
        {
            foreach (var name in unknown) WriteProblem(name.ToException());
            return;
        }
        if (!Explain)
        {
            WriteObject(decision.Allowed);
            return;
        }
        if (!decision.Allowed) WriteWarning(decision.Summary);
        WriteObject(decision.Routes, enumerateCollection: true);
    });
}
