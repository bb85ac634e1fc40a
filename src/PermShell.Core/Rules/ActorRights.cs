using PermShell.Core.Engine;

namespace PermShell.Core.Rules;

/// <summary>
/// What one actor may do in one version of an enforced store: whether it is an active user, a superuser, which
/// permissions it holds (by any route, implication included) and which groups it belongs to. The rights rules judge a
/// change set against the store as it was before it: every capability a change set adds (a grant, a membership, an
/// implication) is itself checked against what the actor held, so nobody climbs by the changes of one set.
/// </summary>
public sealed class ActorRights
{
    private readonly Dictionary<string, IReadOnlyList<string>> _missingOfGroup = new(StringComparer.Ordinal);
    private HashSet<string>? _groups;

    public ActorRights(string actor, PermissionSnapshot snapshot)
    {
        Actor = actor;
        Snapshot = snapshot;
        var user = snapshot.State.Users.TryGetValue(actor, out var u) ? u : null;
        IsActiveUser = user is { IsActive: true };
        IsSuperuser = user is { IsActive: true, IsSuperuser: true };
    }

    /// <summary>The acting identity (the OS user on SQLite, the database session user on PostgreSQL).</summary>
    public string Actor { get; }

    /// <summary>The store as it was before the changes judged.</summary>
    public PermissionSnapshot Snapshot { get; }

    public bool IsActiveUser { get; }

    public bool IsSuperuser { get; }

    /// <summary>Whether the actor holds <paramref name="permission"/> (a superuser holds everything).</summary>
    public bool Holds(string permission) => IsSuperuser || (IsActiveUser && Snapshot.Check(Actor, permission));

    /// <summary>Whether the actor holds any of <paramref name="rights"/>.</summary>
    public bool HoldsAny(params string[] rights) => rights.Any(Holds);

    /// <summary>Whether the actor is in <paramref name="group"/>, directly or through nested groups.</summary>
    public bool BelongsTo(string group) =>
        IsActiveUser && (_groups ??= new HashSet<string>(Snapshot.GroupsOf(Actor), StringComparer.Ordinal)).Contains(group);

    /// <summary>
    /// Under GROUP_MEMBERS_CHANGE alone (no PERMISSION_ADMIN, PERMISSION_AUDIT or superuser status) the groups the actor
    /// is not in are hidden from it, as the Django admin hides them from staff.
    /// </summary>
    public bool SeesOnlyOwnGroups => !IsSuperuser && Holds(Rights.GroupMembersChange) && !HoldsAny(Rights.Admin, Rights.Audit);

    /// <summary>Whether <paramref name="group"/> is visible to the actor (see <see cref="SeesOnlyOwnGroups"/>).</summary>
    public bool Sees(string group) => !SeesOnlyOwnGroups || BelongsTo(group);

    /// <summary>
    /// The permissions <paramref name="subject"/> (a group, usually) holds that the actor does not: adding a member to a
    /// group grants it everything the group holds, nesting and implication included. Ordinal order.
    /// </summary>
    public IReadOnlyList<string> MissingOf(string subject)
    {
        if (IsSuperuser) return [];
        if (_missingOfGroup.TryGetValue(subject, out var missing)) return missing;
        missing = Snapshot.State.Permissions.Keys
            .Where(p => Snapshot.Check(subject, p) && !Holds(p))
            .Order(StringComparer.Ordinal).ToList();
        _missingOfGroup[subject] = missing;
        return missing;
    }

    /// <summary>Those of <paramref name="permissions"/> the actor does not hold, each once, in ordinal order.</summary>
    public IReadOnlyList<string> Missing(IEnumerable<string> permissions) =>
        permissions.Where(p => !Holds(p)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// For messages: those of <paramref name="permissions"/> that no other of them implies (TRAC_ADMIN rather than the 41
    /// permissions it holds), in their order; all of them when implication covers each (a cycle).
    /// </summary>
    public IReadOnlyList<string> Outermost(IReadOnlyList<string> permissions)
    {
        if (permissions.Count is <= 1 or > 2000) return permissions;
        var covered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in permissions) covered.UnionWith(Snapshot.ExpandImplication(p));
        var outermost = permissions.Where(p => !covered.Contains(p)).ToList();
        return outermost.Count > 0 ? outermost : permissions;
    }

    /// <summary>Whether <paramref name="name"/> is a user with superuser status (active or not) in the store before the changes.</summary>
    public bool IsSuperuserUser(string name) => Snapshot.State.Users.TryGetValue(name, out var u) && u.IsSuperuser;
}
