using System.Management.Automation;
using PermShell.Completers;
using PermShell.Core.Administration;

namespace PermShell.Commands;

/// <summary>
/// Lists grants as stored (Trac's <c>permission list</c>), or with -Effective what a subject actually holds,
/// each permission with every route that gives it.
/// </summary>
[Cmdlet(VerbsCommon.Get, "Permission", DefaultParameterSetName = StoredSet)]
[OutputType(typeof(Grant), ParameterSetName = new[] { StoredSet })]
[OutputType(typeof(EffectivePermission), ParameterSetName = new[] { EffectiveSet })]
public sealed class GetPermissionCommand : PermShellCmdlet
{
    private const string StoredSet = "Stored";
    private const string EffectiveSet = "Effective";

    [Parameter(ParameterSetName = StoredSet, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = EffectiveSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Member", "User")]
    [ArgumentCompleter(typeof(SubjectNameCompleter))]
    [SupportsWildcards]
    public string[]? Subject { get; set; }

    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Permission")]
    [ArgumentCompleter(typeof(PermissionNameCompleter))]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    [Parameter(ParameterSetName = EffectiveSet, Mandatory = true)]
    public SwitchParameter Effective { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        switch (ParameterSetName)
        {
            case EffectiveSet: WriteEffective(); break;
            default: WriteStored(); break;
        }
    });

    private void WriteStored()
    {
        var state = Snapshot().State;
        var subjects = new NameFilter(Subject);
        var names = new NameFilter(Name);
        var grants = state.Grants
            .Where(g => subjects.Matches(g.Key))
            .SelectMany(g => g.Value.Where(names.Matches).Select(p => new Grant(g.Key, state.KindOf(g.Key) ?? SubjectKind.User, p)))
            .OrderBy(g => g.Subject, StringComparer.Ordinal).ThenBy(g => g.Permission, StringComparer.Ordinal);
        WriteObject(grants, enumerateCollection: true);
        ReportUnknownSubjects(state);
    }

    private void WriteEffective()
    {
        var snapshot = Snapshot();
        var state = snapshot.State;
        var subjects = new NameFilter(Subject);
        var names = new NameFilter(Name);
        var matched = state.Users.Keys.Concat(state.Groups.Keys).Append(PermissionState.Anonymous).Append(PermissionState.Authenticated)
            .Where(subjects.Matches).Order(StringComparer.Ordinal);
        foreach (var subject in matched)
            WriteObject(snapshot.Effective(subject).Where(e => names.Matches(e.Permission)), enumerateCollection: true);
        ReportUnknownSubjects(state);
    }

    private void ReportUnknownSubjects(PermissionState state)
    {
        foreach (var subject in Subject ?? Array.Empty<string>())
            if (!WildcardPattern.ContainsWildcardCharacters(subject) && state.KindOf(subject) is null)
                Run(() => SubjectChecks.RequireSubject(state, subject));
    }
}
