using System.Management.Automation;
using PermShell.Completers;
using PermShell.Core.Administration;

namespace PermShell.Commands;

/// <summary>
/// Lists grants as stored (Trac's <c>permission list</c>; with -IncludeMembership its group rows too), or with
/// -Effective what a subject actually holds, each permission with every route that gives it.
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
    [Alias("Permission")]
    [ArgumentCompleter(typeof(PermissionNameCompleter))]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    /// <summary>What the subjects hold by any route, instead of the grants as stored.</summary>
    [Parameter]
    public SwitchParameter Effective { get; set; }

    /// <summary>Also list each direct group membership as a row whose Permission is the group, as trac-admin does.</summary>
    [Parameter]
    public SwitchParameter IncludeMembership { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        if (Effective) WriteEffective();
        else WriteStored();
    });

    private void WriteStored()
    {
        RequireOwnOr(Subject, "read other subjects' grants", Core.Rules.Rights.Audit, Core.Rules.Rights.Admin, Core.Rules.Rights.Grant, Core.Rules.Rights.Revoke);
        var state = Snapshot().State;
        var subjects = new NameFilter(Subject);
        var names = new NameFilter(Name);
        var rows = state.Grants.SelectMany(g => g.Value.Select(p => (Subject: g.Key, Value: p)));
        if (IncludeMembership) rows = rows.Concat(state.Members.SelectMany(m => m.Value.Select(member => (Subject: member, Value: m.Key))));
        var grants = rows
            .Where(r => subjects.Matches(r.Subject) && names.Matches(r.Value))
            .Select(r => new Grant(r.Subject, state.KindOf(r.Subject) ?? SubjectKind.User, r.Value))
            .OrderBy(g => g.Subject, StringComparer.Ordinal).ThenBy(g => g.Permission, StringComparer.Ordinal);
        WriteObject(grants, enumerateCollection: true);
        ReportUnknownSubjects(state);
    }

    private void WriteEffective()
    {
        var exact = Subject is { } given && !given.Any(WildcardPattern.ContainsWildcardCharacters);
        // Named subjects need only what their permissions depend on (see SnapshotFor); an enforced store is read whole.
        var snapshot = exact ? SnapshotFor(Subject!) : Snapshot();
        if (snapshot.State.IsEnforced) RequireOwnOr(Subject, "read other subjects' effective permissions", Core.Rules.Rights.Audit);
        var state = snapshot.State;
        var subjects = new NameFilter(Subject);
        var names = new NameFilter(Name);
        // Exact names are looked up; only patterns are matched against every subject of the store.
        var matched = exact
            ? Subject!.Distinct(StringComparer.Ordinal).Where(s => state.KindOf(s) is not null).Order(StringComparer.Ordinal)
            : state.Users.Keys.Concat(state.Groups.Keys).Append(PermissionState.Anonymous).Append(PermissionState.Authenticated)
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
