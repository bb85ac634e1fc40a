namespace PermShell.Core.Engine;

/// <summary>
/// An indexed, immutable view of a <see cref="PermissionState"/> that answers checks, explanations and
/// membership questions from memory (SPEC §1 "Effective permissions"). It takes the state and freezes it: from then
/// on the state is read-only (change a clone). The snapshot after a change is derived with <see cref="With"/>.
/// Safe to query from several threads at once.
/// </summary>
public sealed class PermissionSnapshot
{
    private readonly NameTable _permissions;
    private readonly SubjectIndex _subjects;
    private readonly MembershipGraph _membership;
    private readonly ImplicationGraph _implications;
    private readonly HeldPermissions _held;
    private readonly RouteTracer _routes;
    private readonly Lazy<PermissionAudit> _audit;

    public PermissionSnapshot(PermissionState state)
    {
        State = state.Freeze();
        _permissions = new NameTable(state.Permissions.Keys);
        _subjects = new SubjectIndex(state, _permissions);
        _membership = new MembershipGraph(state, _subjects);
        _implications = new ImplicationGraph(_permissions, state.Permissions);
        _held = new HeldPermissions(_subjects, _membership, _implications, _permissions.Count);
        _routes = new RouteTracer(_permissions, _subjects, _membership, _implications);
        _audit = new Lazy<PermissionAudit>(() => new PermissionAudit(this), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    private PermissionSnapshot(PermissionState state, NameTable permissions, SubjectIndex subjects, MembershipGraph membership,
        ImplicationGraph implications, HeldPermissions held)
    {
        State = state.Freeze();
        _permissions = permissions;
        _subjects = subjects;
        _membership = membership;
        _implications = implications;
        _held = held;
        _routes = new RouteTracer(_permissions, _subjects, _membership, _implications);
        _audit = new Lazy<PermissionAudit>(() => new PermissionAudit(this), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// The snapshot of <paramref name="after"/>, which is this snapshot's state with <paramref name="changes"/> applied
    /// (and which this snapshot takes, as the constructor does). Grants, memberships, user and group records, and users
    /// and groups added or removed are derived from this one: the permission names and implications are shared, a new
    /// subject gets the next id and a removed one leaves a tombstone (<see cref="SubjectNames"/>), per-subject rows are
    /// copied only where a change touches them, and only the cached sets a change can reach are dropped (see
    /// <see cref="HeldPermissions.With"/>), so a commit of one grant or one new user costs what it touches, not a
    /// re-index of the store. Indexed from scratch instead: a change to the permission catalog (see
    /// <see cref="IsDerivable"/>), and a derivation that leaves more tombstones than <see cref="MaxRemoved"/> allows.
    /// </summary>
    public PermissionSnapshot With(PermissionState after, IReadOnlyList<Change> changes)
    {
        if (!changes.All(IsDerivable)) return new PermissionSnapshot(after);
        var (subjects, delta) = _subjects.With(after, changes, _permissions);
        if (subjects.RemovedCount > MaxRemoved(subjects.Count)) return new PermissionSnapshot(after);
        var membership = _membership.With(after, changes, _subjects, subjects, delta);
        var held = _held.With(subjects, membership, changes, delta);
        return new PermissionSnapshot(after, _permissions, subjects, membership, _implications, held);
    }

    /// <summary>
    /// Removed subjects keep their id slots (and every per-id array its length) until a snapshot is indexed from
    /// scratch; past a quarter of the live subjects (at least 1,024) the next derivation does that, so the slots are
    /// reclaimed at a cost spread over that many removals.
    /// </summary>
    private static int MaxRemoved(int live) => Math.Max(1024, live / 4);

    /// <summary>
    /// A change that leaves the permission catalog as it is. Permission ids are the bit positions of every held set and
    /// stay in name order (<see cref="NameTable"/>); adding, changing or removing a definition changes the width of every
    /// set and, through Implies patterns ('*' matches names added later), the closure of other permissions, so every
    /// cached set would be dropped anyway. Catalog changes are rare (a catalog import or an upgrade), so they index anew.
    /// </summary>
    private static bool IsDerivable(Change change) => change switch
    {
        AddGrant or RemoveGrant or AddMember or RemoveMember => true,
        AddUser or UpdateUser or RemoveUser or AddGroup or UpdateGroup or RemoveGroup => true,
        // Policies touch no index: the policy evaluator reads them from the state, and each snapshot builds its own on first use.
        AddPolicy or UpdatePolicy or RemovePolicy => true,
        // Catalog changes, and any kind this method does not know yet: indexed anew, which is always right.
        _ => false,
    };

    /// <summary>The indexed state; read-only (frozen): change a <see cref="PermissionState.Clone"/> of it.</summary>
    public PermissionState State { get; }

    /// <summary>Who holds what and why, for every permission and every user of this snapshot (computed on first use, then kept).</summary>
    public PermissionAudit Audit => _audit.Value;

    // The indexes, for the audit and the reports: they read the same interned ids instead of resolving again.
    internal NameTable PermissionNames => _permissions;
    internal SubjectIndex Subjects => _subjects;
    internal MembershipGraph Membership => _membership;
    internal ImplicationGraph Implications => _implications;
    internal HeldPermissions Held => _held;
    internal RouteTracer Routes => _routes;

    /// <summary>
    /// Whether the subject holds the permission by any route; false for unknown names. The fast path of
    /// <see cref="Decide"/>: the same bit the decision is made from, without routes or reasons.
    /// </summary>
    public bool Check(string subject, string permission) =>
        _subjects.TryGetId(subject, out var s) && _permissions.TryGetId(permission, out var p) && _held.Of(s).Contains(p);

    /// <summary>
    /// Whether the subject holds the permission, and why: the routes that give it, or the reasons it does not
    /// (unknown names, with the closest ones; an inactive user; no route).
    /// </summary>
    public Decision Decide(string subject, string permission)
    {
        var unknown = new List<DenialReason>(2);
        if (!_subjects.TryGetId(subject, out var s)) unknown.Add(DenialReason.UnknownSubject.In(State, subject));
        if (!_permissions.TryGetId(permission, out var p)) unknown.Add(DenialReason.UnknownPermission.In(State, permission));
        if (unknown.Count > 0) return Decision.Deny(subject, permission, [.. unknown]);

        if (_held.Of(s).Contains(p)) return Decision.Allow(subject, permission, () => _routes.Trace(s, p));
        return Denied(subject, s, permission);
    }

    /// <summary>
    /// Whether the subject holds the permission on <paramref name="resource"/> (Trac's descriptor, see
    /// <see cref="ResourceDescriptor.Normalize"/>), as Trac's AuthzPolicy followed by DefaultPermissionPolicy decides:
    /// an inactive user holds nothing and an active superuser everything, whatever the policy says; otherwise the
    /// policy's deciding entry (see <see cref="PolicyEvaluator"/>) grants or denies, and where it says nothing the
    /// store's grants decide, as <see cref="Decide(string, string)"/>. Null <paramref name="resource"/> is that store-wide check.
    /// </summary>
    public Decision Decide(string subject, string permission, string? resource)
    {
        var storeWide = Decide(subject, permission);
        if (resource is null) return storeWide;
        var descriptor = ResourceDescriptor.Normalize(resource);
        if (storeWide.UnknownNames.Any() || !_subjects.TryGetId(subject, out var s) || !_permissions.TryGetId(permission, out var p))
            return storeWide.On(descriptor);
        if (_subjects.UserOf(s) is { } user && (!user.IsActive || user.IsSuperuser)) return storeWide.On(descriptor);

        var entry = Policy.EntryFor(descriptor, PolicyKeys(subject, s));
        if (entry is not { } found) return storeWide.On(descriptor);
        var verdict = PolicyEvaluator.Verdict(found.Rule, name => Covers(name, p));
        if (verdict is not { } said) return storeWide.On(descriptor);
        if (!said.Allowed)
            return Decision.Deny(subject, permission, new DenialReason.PolicyDenied(subject, permission, descriptor, found.Section, found.Rule, said.By)).On(descriptor);
        var route = new Route
        {
            Subject = subject,
            Permission = permission,
            Kind = RouteKind.Policy,
            Via = $"[{found.Section.Resource}]",
            Path = $"[{found.Section.Resource}] {found.Rule}",
            Granted = said.By!,
        };
        return Decision.Allow(subject, permission, () => [route]).On(descriptor);
    }

    /// <summary>The policy of this snapshot, built on first use.</summary>
    private PolicyEvaluator Policy => LazyInitializer.EnsureInitialized(ref _policy, () => new PolicyEvaluator(State.Policies));

    private PolicyEvaluator? _policy;

    /// <summary>Whether a policy entry's name is the permission or implies it (Trac's expand_actions); names outside the catalog cover only themselves.</summary>
    private bool Covers(string name, int permission) =>
        _permissions.TryGetId(name, out var id) && (id == permission || _implications.Closure(id).Contains(permission));

    /// <summary>
    /// The entry keys that speak for a subject, as Trac's authz_permissions lists them: for a user its name, '*',
    /// 'anonymous', 'authenticated' and '@' each group it is in (nested, and through anonymous or authenticated);
    /// for anonymous '*', 'anonymous' and its groups; for authenticated also 'authenticated'. A group answers as what
    /// its members receive through it: '*', '@' itself and the groups it is in.
    /// </summary>
    private HashSet<string> PolicyKeys(string subject, int id)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal) { "*" };
        var kind = _subjects.KindOf(id);
        if (kind == SubjectKind.Group) keys.Add("@" + subject);
        else
        {
            keys.Add(PermissionState.Anonymous);
            if (subject != PermissionState.Anonymous)
            {
                keys.Add(PermissionState.Authenticated);
                keys.Add(subject);
            }
        }
        foreach (var group in GroupsOf(subject)) keys.Add("@" + group);
        return keys;
    }

    private Decision Denied(string subject, int s, string permission) =>
        Decision.Deny(subject, permission, _subjects.UserOf(s) is { IsActive: false }
            ? new DenialReason.InactiveUser(subject)
            : new DenialReason.NoRoute(subject, _subjects.KindOf(s), permission));

    /// <summary>
    /// Every subject × permission, subject by subject, in one pass: each name is looked up once and each answer is a
    /// bit test in the subject's held set (routes are traced only when a decision's routes are read). Names that do
    /// not exist are the callers' to report: they are left out here.
    /// </summary>
    public IEnumerable<Decision> DecideAll(IReadOnlyList<string> subjects, IReadOnlyList<string> permissions)
    {
        var permissionIds = new List<(string Name, int Id)>(permissions.Count);
        foreach (var name in permissions)
            if (_permissions.TryGetId(name, out var id)) permissionIds.Add((name, id));
        foreach (var subject in subjects)
        {
            if (!_subjects.TryGetId(subject, out var s)) continue;
            var held = _held.Of(s);
            foreach (var (permission, p) in permissionIds)
                yield return held.Contains(p) ? Decision.Allow(subject, permission, () => _routes.Trace(s, p)) : Denied(subject, s, permission);
        }
    }

    /// <summary>Every route that gives the subject the permission, in a deterministic order; empty if not held.</summary>
    public IReadOnlyList<Route> Explain(string subject, string permission) => Decide(subject, permission).Routes;

    /// <summary>Every permission the subject holds, by name (ordinal), each with all its routes.</summary>
    public IReadOnlyList<EffectivePermission> Effective(string subject)
    {
        if (!_subjects.TryGetId(subject, out var s)) return [];
        return _routes.Trace(s, only: null)
            .GroupBy(route => route.Permission, StringComparer.Ordinal)
            .OrderBy(routes => routes.Key, StringComparer.Ordinal)
            .Select(routes => new EffectivePermission(subject, routes.Key, routes.ToArray()))
            .ToArray();
    }

    /// <summary>
    /// The group's direct members (Depth 1), or with <paramref name="recurse"/> every transitive member
    /// once at its shortest depth, Via the group it is directly in on that path (smallest name on ties).
    /// Anonymous and authenticated count as containing every user, as they do for resolution.
    /// Sorted by Depth, then Member. Empty when the name is not a group.
    /// </summary>
    public IReadOnlyList<GroupMember> MembersOf(string group, bool recurse)
    {
        if (!_subjects.TryGetId(group, out var g) || _subjects.KindOf(g) != SubjectKind.Group) return [];
        if (!recurse)
            return Array.ConvertAll(_membership.MembersOf(g), m => new GroupMember(group, _subjects.NameOf(m), MemberKindOf(m), 1, group));

        var paths = ShortestPaths.From(g, _membership.MembersOf, _subjects.Order);
        return paths.Reached
            .Select(m => new GroupMember(group, _subjects.NameOf(m), MemberKindOf(m), paths.DepthOf(m), _subjects.NameOf(paths.ParentOf(m))))
            .ToArray();
    }

    /// <summary>
    /// The groups the subject is in, as membership rows (Member is the subject): directly (Depth 1), or with
    /// <paramref name="recurse"/> every real group it is in through nesting, once at its shortest depth, Via the group
    /// the subject is directly in on that path (as Get-PermGroupMember -Recurse shows it from the group's side).
    /// Membership of anonymous and authenticated is implicit and not listed, but groups reached through them are.
    /// Sorted by Depth, then Group. Empty for a name that is no subject.
    /// </summary>
    public IReadOnlyList<GroupMember> MembershipsOf(string subject, bool recurse)
    {
        if (!_subjects.TryGetId(subject, out var s)) return [];
        var kind = MemberKindOf(s);
        var paths = ShortestPaths.From(s, _membership.ContainersOf, _subjects.Order);
        return paths.Reached
            .Where(g => g != s && _subjects.KindOf(g) == SubjectKind.Group && (recurse || paths.DepthOf(g) == 1))
            .Select(g => new GroupMember(_subjects.NameOf(g), subject, kind, paths.DepthOf(g), _subjects.NameOf(paths.ChainTo(g)[0])))
            .OrderBy(m => m.Depth).ThenBy(m => m.Group, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Every real group the subject belongs to, transitively (through anonymous and authenticated too), ordinal sorted.</summary>
    public IReadOnlyList<string> GroupsOf(string subject)
    {
        if (!_subjects.TryGetId(subject, out var s)) return [];
        return ShortestPaths.From(s, _membership.ContainersOf, _subjects.Order).Reached
            .Where(id => _subjects.KindOf(id) == SubjectKind.Group)
            .Order(_subjects.Order)
            .Select(_subjects.NameOf)
            .ToArray();
    }

    /// <summary>
    /// Null when making <paramref name="member"/> a member of <paramref name="group"/> closes no cycle;
    /// otherwise the cycle it would close, member first and last: adding developer to staff while staff
    /// is in developer gives ["developer", "staff", "developer"] (developer &gt; staff &gt; developer).
    /// </summary>
    public IReadOnlyList<string>? FindMembershipCycle(string group, string member) => MembershipPaths.Cycle(State, group, member);

    /// <summary>Every catalog permission the given one implies, transitively, itself excluded; ordinal sorted.</summary>
    public IReadOnlyList<string> ExpandImplication(string permission)
    {
        if (!_permissions.TryGetId(permission, out var p)) return [];
        return _implications.Closure(p).Items().Select(id => _permissions[id]).ToArray();
    }

    /// <summary>Whether an Implies pattern matches a name: '*' any run, '?' one character, ordinal and case-sensitive.</summary>
    public static bool MatchesPattern(string pattern, string name) => ImplicationPattern.Matches(pattern, name);

    private MemberKind MemberKindOf(int subject) => _subjects.KindOf(subject) switch
    {
        SubjectKind.User => MemberKind.User,
        SubjectKind.Group => MemberKind.Group,
        _ => MemberKind.Virtual,
    };
}
