using System.Management.Automation;
using PermShell.Completers;
using PermShell.Core.Administration;

namespace PermShell.Commands;

/// <summary>
/// Lists grants as stored (Trac's <c>permission list</c>), or with -Effective what a subject actually holds,
/// each permission with every route that gives it.
/// </summary>
[Cmdlet(VerbsCommon.Get, "Permission")]
[OutputType(typeof(Grant), typeof(EffectivePermission))]
public sealed class GetPermissionCommand : StoreCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Member", "User")]
    [ArgumentCompleter(typeof(SubjectNameCompleter))]
    [SupportsWildcards]
    public string[]? Subject { get; set; }

    // Not bound from the pipeline: a user's or group's Name would otherwise become the permission filter.
    [Parameter(Position = 1)]
    [ArgumentCompleter(typeof(PermissionNameCompleter))]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    /// <summary>What the subjects hold by any route, instead of the grants as stored.</summary>
    [Parameter]
    public SwitchParameter Effective { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        if (Effective) WriteEffective();
        else WriteStored();
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
