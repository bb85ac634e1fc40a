using System.Management.Automation;
using PermShell.Completers;
using PermShell.Core.Engine;

namespace PermShell.Commands;

/// <summary>
/// The permission audit (Alliance Auth's permissions tool): without -Name or -Subject, the overview, one summary per
/// permission; with -Name, every user who holds the named permissions, one row per route; with -Subject, every route
/// of every permission the users hold. -Name always means audit rows, wildcards included, so the output type never
/// depends on whether a value contains '*'; -Summary turns the named permissions into overview rows instead.
/// -Name with -Resource lists who holds them on that resource, the resource policy first (issue 15).
/// </summary>
[Cmdlet(VerbsCommon.Get, "PermissionAudit", DefaultParameterSetName = OverviewSet)]
[OutputType(typeof(PermissionSummary), ParameterSetName = [OverviewSet, PermissionSet])]
[OutputType(typeof(AuditEntry), ParameterSetName = [PermissionSet, SubjectSet, ResourceSet])]
public sealed class GetPermissionAuditCommand : StoreCmdlet
{
    private const string OverviewSet = "Overview";
    private const string PermissionSet = "Permission";
    private const string SubjectSet = "Subject";
    private const string ResourceSet = "Resource";

    // Not bound from the pipeline: a user's Name would otherwise become the permission.
    [Parameter(ParameterSetName = PermissionSet, Mandatory = true, Position = 0)]
    [Parameter(ParameterSetName = SubjectSet, Position = 0)]
    [Parameter(ParameterSetName = ResourceSet, Mandatory = true, Position = 0)]
    [Alias("Permission")]
    [ArgumentCompleter(typeof(PermissionNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    [Parameter(ParameterSetName = SubjectSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("User")]
    [ArgumentCompleter(typeof(UserNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Subject { get; set; }

    /// <summary>Include the permissions that nobody holds or was granted.</summary>
    [Parameter(ParameterSetName = OverviewSet)]
    [Parameter(ParameterSetName = PermissionSet)]
    public SwitchParameter All { get; set; }

    [Parameter(ParameterSetName = OverviewSet)]
    [Parameter(ParameterSetName = PermissionSet)]
    [Parameter(ParameterSetName = ResourceSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(AppNameCompleter))]
    public string[]? App { get; set; }

    /// <summary>A resource (Trac's descriptor, e.g. wiki:PrivatePage): who holds the named permissions on it, and why.</summary>
    [Parameter(ParameterSetName = ResourceSet, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string? Resource { get; set; }

    /// <summary>With -Name: the overview rows of the named permissions instead of their audit rows.</summary>
    [Parameter(ParameterSetName = PermissionSet)]
    public SwitchParameter Summary { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        RequireRight("read the permission audit", PermShell.Core.Rules.Rights.Audit);
        var snapshot = Snapshot();
        switch (ParameterSetName)
        {
            case PermissionSet:
            case ResourceSet:
                WritePermissions(snapshot);
                break;
            case SubjectSet:
                WriteSubjects(snapshot);
                break;
            default:
                var apps = new NameFilter(App);
                foreach (var summary in snapshot.Audit.Overview(All))
                    if (apps.Matches(summary.App)) WriteObject(summary);
                break;
        }
    });

    private void WritePermissions(PermissionSnapshot snapshot)
    {
        var catalog = snapshot.State.Permissions;
        var names = new NameFilter(Name);
        var apps = new NameFilter(App);
        var plain = Name!.Where(n => !WildcardPattern.ContainsWildcardCharacters(n)).ToHashSet(StringComparer.Ordinal);
        // Plain names are looked up, not matched against every definition of the catalog.
        var named = NameFilter.AllPlain(Name!)
            ? Name!.Select(WildcardPattern.Unescape).Distinct(StringComparer.Ordinal).Where(catalog.ContainsKey).Select(n => catalog[n])
            : catalog.Values.Where(d => names.Matches(d.Name));
        foreach (var definition in named.Where(d => apps.Matches(d.App)).OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            if (Resource is not null)
            {
                foreach (var entry in snapshot.Audit.HoldersOn(definition.Name, Resource)) WriteObject(entry);
                continue;
            }
            if (!Summary)
            {
                foreach (var entry in snapshot.Audit.Holders(definition.Name)) WriteObject(entry);
                continue;
            }
            // A permission named exactly is always reported; a wildcard match follows the overview's -All rule.
            if (All || plain.Contains(definition.Name) || snapshot.Audit.IsHeldOrGranted(definition.Name))
                WriteObject(snapshot.Audit.Summary(definition.Name));
        }
        foreach (var missing in NameFilter.Unmatched(Name, catalog.ContainsKey))
            WriteProblem(DenialReason.UnknownPermission.In(snapshot.State, missing).ToException());
    }

    private void WriteSubjects(PermissionSnapshot snapshot)
    {
        var state = snapshot.State;
        var users = new NameFilter(Subject);
        var names = new NameFilter(Name);
        foreach (var user in state.Users.Keys.Where(users.Matches).Order(StringComparer.Ordinal))
            foreach (var entry in snapshot.Audit.RoutesOf(user))
                if (names.Matches(entry.Permission)) WriteObject(entry);

        foreach (var subject in Subject!)
        {
            if (WildcardPattern.ContainsWildcardCharacters(subject)) continue;
            if (state.Users.TryGetValue(subject, out var user))
            {
                if (!user.IsActive) WriteWarning(new DenialReason.InactiveUser(subject).Text);
                continue;
            }
            var message = state.KindOf(subject) is { } kind
                ? $"'{subject}' is a {(kind == SubjectKind.Group ? "group" : "virtual group")}, and the audit lists users. Get-Permission -Subject '{subject}' -Effective shows what it holds."
                : $"There is no user named '{subject}'.{ClosestNames.Hint(subject, state.Users.Keys)}";
            WriteProblem(new PermShellException("PermShell.User.NotFound", ProblemKind.ObjectNotFound, message, subject));
        }
    }
}
