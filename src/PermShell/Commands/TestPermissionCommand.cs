using System.Management.Automation;
using PermShell.Completers;
using PermShell.Core.Engine;

namespace PermShell.Commands;

/// <summary>
/// Answers whether subjects hold permissions. One subject and one permission given directly: $true or $false (with
/// -Explain, the routes). Several of either, or input from the pipeline: one PermShell.PermissionCheck per subject ×
/// permission, saying which check it is, evaluated in one pass.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "Permission")]
[OutputType(typeof(bool))]
[OutputType(typeof(Route))]
[OutputType(typeof(PermissionCheck))]
public sealed class TestPermissionCommand : StoreCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Member", "User")]
    [ArgumentCompleter(typeof(SubjectNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Subject { get; set; } = [];

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Permission")]
    [ArgumentCompleter(typeof(PermissionNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    /// <summary>
    /// A resource (Trac's descriptor, realm:id@version, parents first joined by '/'): the resource policy decides
    /// first, and where it has no rule for the subject, the store's grants. Without it, only the grants decide; an
    /// empty one (the Resource of a store-wide Get-PermissionAudit row piped in) asks store-wide too.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    public string? Resource { get; set; }

    /// <summary>Return every route that gives the permission (nothing, with a warning saying why, when none does).</summary>
    [Parameter]
    public SwitchParameter Explain { get; set; }

    // The decisions say everything; this only formats them. Routes are traced only where they are read: -Explain,
    // or a PermissionCheck's Routes.
    protected override void ProcessRecord() => Run(() =>
    {
        RequireOwnOr(Subject, "check other subjects' permissions", Core.Rules.Rights.Audit);
        var snapshot = Snapshot();
        // A check among several (or one of a pipeline's) must say which check it is; a single one stays a boolean.
        var several = Subject.Length > 1 || Name.Length > 1 || MyInvocation.ExpectingInput;
        var state = snapshot.State;
        var subjects = Known(Subject, s => state.KindOf(s) is not null, s => DenialReason.UnknownSubject.In(state, s));
        var permissions = Known(Name, state.Permissions.ContainsKey, p => DenialReason.UnknownPermission.In(state, p));
        var resource = string.IsNullOrEmpty(Resource) ? null : Resource;
        var decisions = resource is null
            ? snapshot.DecideAll(subjects, permissions)
            : subjects.SelectMany(subject => permissions.Select(permission => snapshot.Decide(subject, permission, resource)));
        foreach (var decision in decisions)
        {
            if (Explain)
            {
                if (!decision.Allowed) WriteWarning(decision.Summary);
                WriteObject(decision.Routes, enumerateCollection: true);
            }
            else if (several)
                WriteObject(new PermissionCheck(decision));
            else
                WriteObject(decision.Allowed);
        }
    });

    /// <summary>The distinct names that exist; each unknown one is a non-terminating error naming the closest names.</summary>
    private List<string> Known(string[] names, Func<string, bool> exists, Func<string, DenialReason.UnknownName> unknown)
    {
        var known = new List<string>(names.Length);
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            if (exists(name)) known.Add(name);
            else WriteProblem(unknown(name).ToException());
        }
        return known;
    }
}
