namespace PermShell.Core.Engine;

/// <summary>
/// Who holds what, and why, over a whole snapshot (SPEC §2 Get-PermissionAudit; Alliance Auth's permissions
/// overview and per-permission audit). Everything is read off the snapshot's own indexes: the overview is one
/// pass over the subjects that tallies the interned grant and holding bit sets, the per-permission audit checks
/// each user's cached holding set before tracing routes, and the routes are the ones Test-Permission -Explain
/// gives, so the audit and a check can never disagree.
/// </summary>
/// <remarks>
/// Decisions the counts rest on: Users and Groups count direct grants (a grant to an inactive user counts, as in
/// Alliance Auth: it is there to be cleaned up); GroupUsers counts the members of those groups at any depth and of
/// any activity (Alliance Auth counts group members regardless); EffectiveUsers counts active users only, an active
/// superuser holding everything. Audit rows list active users only, since an inactive user holds nothing; a
/// superuser's rows start with the Superuser route and keep the grant routes that would remain without it.
/// </remarks>
public sealed class PermissionAudit
{
    private readonly PermissionSnapshot _snapshot;
    private readonly int[] _users;
    private readonly ulong[] _activeUsers;
    private readonly ulong[] _activeSuperusers;
    private readonly Lazy<Tally> _tally;

    private sealed record Tally(PermissionSummary[] Rows, bool[] Shown);

    internal PermissionAudit(PermissionSnapshot snapshot)
    {
        _snapshot = snapshot;
        var subjects = snapshot.Subjects;
        _users = subjects.InNameOrder.Where(id => subjects.KindOf(id) == SubjectKind.User).ToArray();
        // One bit per name rank, for the walk of one permission's holders (HolderWalk).
        _activeUsers = new ulong[(subjects.Count + 63) >> 6];
        _activeSuperusers = new ulong[_activeUsers.Length];
        foreach (var user in _users)
        {
            if (subjects.UserOf(user) is not { IsActive: true } record) continue;
            var rank = subjects.RankOf(user);
            _activeUsers[rank >> 6] |= 1UL << rank;
            if (record.IsSuperuser) _activeSuperusers[rank >> 6] |= 1UL << rank;
        }
        _tally = new Lazy<Tally>(Count, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>User ids in ordinal name order.</summary>
    internal IReadOnlyList<int> UserIds => _users;

    /// <summary>
    /// One summary per catalog permission, in ordinal order. Without <paramref name="all"/>, a permission is left
    /// out when nobody holds it and nobody was granted it: no active user, group, anonymous or authenticated holds
    /// it by any route, and no user or group has a direct grant of it.
    /// </summary>
    public IReadOnlyList<PermissionSummary> Overview(bool all = false)
    {
        var tally = _tally.Value;
        return all ? tally.Rows : tally.Rows.Where((_, id) => tally.Shown[id]).ToArray();
    }

    /// <summary>The summary of one permission, or null when it is not in the catalog.</summary>
    public PermissionSummary? Summary(string permission) =>
        _snapshot.PermissionNames.TryGetId(permission, out var id) ? _tally.Value.Rows[id] : null;

    /// <summary>Whether the overview shows the permission without -All (somebody holds it or was granted it).</summary>
    public bool IsHeldOrGranted(string permission) =>
        _snapshot.PermissionNames.TryGetId(permission, out var id) && _tally.Value.Shown[id];

    /// <summary>
    /// Every active user who holds <paramref name="permission"/>, one entry per route, users in ordinal order and
    /// each user's routes strongest first (the routes Test-Permission -Explain gives). Found from the permission's
    /// side (<see cref="HolderWalk"/>): only the users below a subject granted it, or a permission implying it, are
    /// visited. Lazy: entries are produced as they are enumerated.
    /// </summary>
    public IEnumerable<AuditEntry> Holders(string permission) =>
        _snapshot.PermissionNames.TryGetId(permission, out var p)
            ? new HolderWalk(_snapshot, _activeUsers, _activeSuperusers).Rows(p)
            : [];

    /// <summary>
    /// Every user who holds the permission on <paramref name="resource"/>, one row per route, as
    /// <see cref="PermissionSnapshot.Decide(string, string, string?)"/> decides it: a policy entry that grants it is the
    /// one route (Policy); a user the policy denies is not listed; otherwise the store's routes.
    /// </summary>
    public IEnumerable<AuditEntry> HoldersOn(string permission, string resource)
    {
        if (!_snapshot.PermissionNames.TryGetId(permission, out _)) yield break;
        foreach (var user in _users)
        {
            var decision = _snapshot.Decide(_snapshot.Subjects.NameOf(user), permission, resource);
            if (!decision.Allowed) continue;
            foreach (var route in decision.Routes) yield return AuditEntry.From(route) with { Resource = decision.Resource ?? "" };
        }
    }

    /// <summary>Every route of every permission the user holds, by permission (ordinal) and then strongest first; empty for anything but a user.</summary>
    public IEnumerable<AuditEntry> RoutesOf(string user)
    {
        var subjects = _snapshot.Subjects;
        if (!subjects.TryGetId(user, out var u) || subjects.KindOf(u) != SubjectKind.User) return [];
        // Trace lists routes strongest first; a stable sort by permission keeps that order within each permission.
        return _snapshot.Routes.Trace(u, only: null)
            .OrderBy(route => route.Permission, StringComparer.Ordinal)
            .Select(AuditEntry.From);
    }

    /// <summary>How many permissions the user holds (0 for an inactive user or a name that is no user).</summary>
    public int HeldCount(string user)
    {
        var subjects = _snapshot.Subjects;
        return subjects.TryGetId(user, out var u) && subjects.KindOf(u) == SubjectKind.User ? _snapshot.Held.Of(u).Count() : 0;
    }

    /// <summary>The overview in one pass: grants are tallied per subject, holdings per user, from the snapshot's bit sets.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private Tally Count()
    {
        var permissions = _snapshot.PermissionNames;
        var subjects = _snapshot.Subjects;
        var held = _snapshot.Held;
        var width = permissions.Count;
        var users = new int[width];
        var groups = new int[width];
        var groupUsers = new int[width];
        var effective = new int[width];
        var heldBySubject = new BitSet(width);

        foreach (var id in subjects.InNameOrder)
        {
            var kind = subjects.KindOf(id);
            if (kind == SubjectKind.User)
            {
                foreach (var granted in subjects.GrantsOf(id)) users[granted]++;
                continue;
            }
            if (kind == SubjectKind.Group)
                foreach (var granted in subjects.GrantsOf(id)) groups[granted]++;
            heldBySubject.UnionWith(held.Of(id));
        }

        // For every group (and virtual subject), the direct grants of every real group it is inside, itself included:
        // a user's union over its direct containers is then exactly the set of permissions some group of theirs was granted.
        var groupGranted = ContainerClosure.Resolve(subjects, _snapshot.Membership, width,
            subject => subjects.KindOf(subject) == SubjectKind.Group ? Set(subjects.GrantsOf(subject), width) : new BitSet(width));
        var reached = new BitSet(width);
        var holding = new BitSet(width);
        var superusers = 0;
        foreach (var user in _users)
        {
            reached.Clear();
            foreach (var container in _snapshot.Membership.ContainersOf(user)) reached.UnionWith(groupGranted[container]!);
            reached.CountInto(groupUsers);

            var record = subjects.UserOf(user)!;
            if (!record.IsActive) continue;
            if (record.IsSuperuser)
            {
                superusers++;
                continue;
            }
            holding.Clear();
            held.ResolveUserInto(user, holding);
            holding.CountInto(effective);
        }

        var anonymous = held.Of(subjects.Anonymous);
        var authenticated = held.Of(subjects.Authenticated);
        var rows = new PermissionSummary[width];
        var shown = new bool[width];
        for (var id = 0; id < width; id++)
        {
            var definition = _snapshot.State.Permissions[permissions[id]];
            rows[id] = new PermissionSummary
            {
                Permission = definition.Name, App = definition.App, Model = definition.Model,
                CodeName = definition.CodeName, Description = definition.Description,
                Users = users[id], Groups = groups[id], GroupUsers = groupUsers[id], EffectiveUsers = effective[id] + superusers,
                Anonymous = anonymous.Contains(id), Authenticated = authenticated.Contains(id),
            };
            shown[id] = users[id] > 0 || groups[id] > 0 || rows[id].EffectiveUsers > 0 || heldBySubject.Contains(id);
        }
        return new Tally(rows, shown);
    }

    private static BitSet Set(int[] ids, int width)
    {
        var set = new BitSet(width);
        foreach (var id in ids) set.Add(id);
        return set;
    }
}
