using System.Diagnostics;
using PermShell.Core.Engine;
using PermShell.Core.Store;

namespace PermShell.Core.Administration;

/// <summary>
/// Trac's <c>permission add</c> and <c>permission remove</c>: grants and revokes permissions, and (Trac
/// compatibility) group memberships when the name given is a group.
/// </summary>
public sealed class GrantAdministration
{
    /// <summary>The one wildcard of revoke: every subject, or everything a subject was given.</summary>
    public const string Everything = "*";

    private readonly ChangeBatch _writer;
    private readonly IHostContext _host;
    private readonly SubjectAdministration _subjects;

    public GrantAdministration(ChangeBatch writer, IHostContext host)
    {
        _writer = writer;
        _host = host;
        _subjects = new SubjectAdministration(writer, host);
    }

    /// <summary>
    /// Grants every name to every subject; a name that is a group makes the subject a member (Trac). The call is
    /// judged whole by the rule book: one unknown subject or permission, or one membership that would close a
    /// cycle, and nothing is granted. What is already granted is a warning.
    /// </summary>
    public IReadOnlyList<Change> Grant(IReadOnlyList<string> subjects, IReadOnlyList<string> names)
    {
        var state = _writer.State;
        var grants = new List<Change>();
        var memberships = new List<(string Group, string Member)>();
        var warnings = new List<string>();
        foreach (var subject in subjects.Distinct(StringComparer.Ordinal))
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            if (state.Groups.ContainsKey(name))
                memberships.Add((name, subject));
            else if (state.GrantsOf(subject).Contains(name))
                warnings.Add($"{subject} already has {name}");
            else
                grants.Add(new AddGrant(subject, name));
        }
        var membershipChanges = _subjects.NewMemberships(memberships, warnings);
        if (!_subjects.Admit(grants.Concat(membershipChanges))) return Array.Empty<Change>();
        warnings.ForEach(_host.Warning);

        var ordered = grants.Concat(membershipChanges).OrderBy(c => TracRow(c).Subject, StringComparer.Ordinal);
        return _subjects.ApplyEach(ordered, c => c switch
        {
            AddGrant g => (g.Subject, $"Grant {g.Permission}"),
            AddMember m => (m.Member, $"Add to group {m.Group}"),
            _ => throw new UnreachableException($"Grant plans no {c.GetType().Name}."),
        });
    }

    /// <summary>
    /// Revokes every name from every subject: <see cref="PlanRevoke"/>, then <see cref="ApplyRevoke"/>.
    /// </summary>
    public IReadOnlyList<Change> Revoke(IReadOnlyList<string> subjects, IReadOnlyList<string> names) =>
        ApplyRevoke(PlanRevoke(subjects, names));

    /// <summary>
    /// Whether a revoke uses a '*' form (everything of a subject, a name from every subject): a high-impact removal
    /// that the caller confirms as a whole before <see cref="ApplyRevoke"/>.
    /// </summary>
    public static bool IsMassRevoke(IReadOnlyList<string> subjects, IReadOnlyList<string> names) =>
        subjects.Contains(Everything) || names.Contains(Everything);

    /// <summary>
    /// The grants and memberships that revoking every name from every subject removes. '*' as a subject means
    /// everyone, '*' as a name everything the subject has (grants and memberships). The call is validated whole, as
    /// Grant is: an unknown subject, or a name that is neither a catalog permission nor a group, is an error (with the
    /// closest names) and then the plan is empty. What is not directly granted is left out with a warning that says
    /// why, as trac-admin does; a revoke of what is not there is not an error, so revokes are idempotent.
    /// </summary>
    public IReadOnlyList<Change> PlanRevoke(IReadOnlyList<string> subjects, IReadOnlyList<string> names)
    {
        var state = _writer.State;
        var failed = false;
        foreach (var subject in subjects.Distinct(StringComparer.Ordinal).Where(s => s != Everything))
            failed |= !Try(() => SubjectChecks.RequireSubject(state, subject));
        foreach (var name in names.Distinct(StringComparer.Ordinal).Where(n => n != Everything))
            failed |= !Try(() => RequireGrantable(state, name));
        if (failed) return Array.Empty<Change>();

        // Named subjects: only their own rows (their grants, the groups they are directly in), not a scan of the store.
        var rows = subjects.Contains(Everything) ? StoredRows(state).ToList() : subjects.Distinct(StringComparer.Ordinal).SelectMany(StoredRowsOf).ToList();
        var changes = new List<Change>();
        PermissionSnapshot? snapshot = null;
        foreach (var subject in subjects.Distinct(StringComparer.Ordinal))
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            var matched = rows.Where(r => (subject == Everything || r.Subject == subject) && (name == Everything || r.Value == name)).ToList();
            if (matched.Count == 0)
            {
                snapshot ??= _writer.Snapshot;
                _host.Warning(WhyNothingToRevoke(snapshot, subject, name).Text);
                continue;
            }
            foreach (var row in matched)
            {
                var change = state.Groups.ContainsKey(row.Value) && !state.Permissions.ContainsKey(row.Value)
                    ? new RemoveMember(row.Value, row.Subject)
                    : (Change)new RemoveGrant(row.Subject, row.Value);
                if (!changes.Contains(change)) changes.Add(change);
            }
        }
        return changes.OrderBy(c => TracRow(c).Subject, StringComparer.Ordinal)
            .ThenBy(c => TracRow(c).Value, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Applies a planned revoke, each change confirmed on its own. A revoked grant whose permission the subject still
    /// holds by another route (a group, a meta-permission, authenticated) is a warning naming those routes: the revoke
    /// did not take the permission away.
    /// </summary>
    public IReadOnlyList<Change> ApplyRevoke(IReadOnlyList<Change> plan)
    {
        var applied = _subjects.ApplyEach(plan, c => c switch
        {
            RemoveGrant g => (g.Subject, $"Revoke {g.Permission}"),
            RemoveMember m => (m.Member, $"Remove from group {m.Group}"),
            _ => throw new UnreachableException($"A revoke plans no {c.GetType().Name}."),
        });
        var revokedGrants = applied.OfType<RemoveGrant>().ToList();
        if (revokedGrants.Count == 0) return applied;

        // Asked of the state after the revoke: what the subject holds now, and through what.
        var after = _writer.Snapshot;
        foreach (var grant in revokedGrants)
        {
            var decision = after.Decide(grant.Subject, grant.Permission);
            if (decision.Allowed)
                _host.Warning($"{grant.Subject} still holds {grant.Permission}: {Decision.PathsOf(decision.Routes)}");
        }
        return applied;
    }

    /// <summary>A grant or membership change as Trac's stored row: (subject, permission) or (member, group).</summary>
    private static (string Subject, string Value) TracRow(Change change) => change switch
    {
        AddGrant g => (g.Subject, g.Permission),
        RemoveGrant g => (g.Subject, g.Permission),
        AddMember m => (m.Member, m.Group),
        RemoveMember m => (m.Member, m.Group),
        _ => throw new UnreachableException($"{change.GetType().Name} is not a grant or a membership."),
    };

    /// <summary>Trac's stored rows: (subject, permission) for grants and (member, group) for memberships.</summary>
    private static IEnumerable<(string Subject, string Value)> StoredRows(PermissionState state)
    {
        foreach (var (subject, permissions) in state.Grants)
            foreach (var p in permissions) yield return (subject, p);
        foreach (var (group, members) in state.Members)
            foreach (var m in members) yield return (m, group);
    }

    /// <summary>The stored rows of one subject, as <see cref="StoredRows"/> lists them: its grants, then the groups it is directly in.</summary>
    private IEnumerable<(string Subject, string Value)> StoredRowsOf(string subject) =>
        _writer.State.GrantsOf(subject).Select(p => (subject, p))
            .Concat(_writer.Snapshot.MembershipsOf(subject, recurse: false).Select(m => (subject, m.Group)));

    /// <summary>Why revoking <paramref name="name"/> from <paramref name="subject"/> found no stored row (the text is the reason's).</summary>
    private static DenialReason.NothingDirect WhyNothingToRevoke(PermissionSnapshot snapshot, string subject, string name)
    {
        if (subject == Everything || name == Everything)
            return new DenialReason.NothingGranted(subject == Everything ? null : subject, name == Everything ? null : name);
        if (snapshot.State.Groups.ContainsKey(name)) return DenialReason.NotDirectMember.In(snapshot.State, subject, name);
        return DenialReason.NotGrantedDirectly.From(snapshot.Decide(subject, name));
    }

    /// <summary>
    /// Throws unless <paramref name="name"/> can be revoked: a catalog permission, or a group (Trac's memberships).
    /// A revoke adds nothing, so it is a look-up rather than a rule; it raises the id the rule book gives an unknown
    /// permission in a grant, with the closest names.
    /// </summary>
    private static void RequireGrantable(PermissionState state, string name)
    {
        if (state.Permissions.ContainsKey(name) || state.Groups.ContainsKey(name)) return;
        throw new PermShellException("PermShell.Grant.UnknownPermission", ProblemKind.ObjectNotFound,
            $"{name} is not a valid permission.{ClosestNames.Hint(name, state.Permissions.Keys.Concat(state.Groups.Keys))}", name);
    }

    private bool Try(Action check)
    {
        try
        {
            check();
            return true;
        }
        catch (PermShellException e)
        {
            _host.Error(e);
            return false;
        }
    }
}
