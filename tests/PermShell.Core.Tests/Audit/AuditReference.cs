namespace PermShell.Core.Tests.Audit;

/// <summary>
/// The audit of SPEC §2 computed the slow, obvious way from the reference resolver: counts by asking every user
/// and group about every permission, routes by walking every holder a user reaches and every grant it has.
/// </summary>
internal sealed class AuditReference(PermissionState state)
{
    private readonly ReferenceResolver _resolver = new(state);
    private readonly Dictionary<string, HashSet<string>> _held = new(StringComparer.Ordinal);

    public HashSet<string> Held(string subject) =>
        _held.TryGetValue(subject, out var held) ? held : _held[subject] = _resolver.Held(subject);

    public (int Users, int Groups, int GroupUsers, int EffectiveUsers, bool Anonymous, bool Authenticated, bool Shown) Summary(string permission)
    {
        var users = state.Users.Keys.Count(u => state.GrantsOf(u).Contains(permission));
        var groups = state.Groups.Keys.Count(g => state.GrantsOf(g).Contains(permission));
        var groupUsers = state.Users.Keys.Count(u => _resolver.GroupsOf(u).Any(g => state.GrantsOf(g).Contains(permission)));
        var effective = state.Users.Keys.Count(u => Held(u).Contains(permission));
        var anonymous = Held(PermissionState.Anonymous).Contains(permission);
        var authenticated = Held(PermissionState.Authenticated).Contains(permission);
        var heldByAGroup = state.Groups.Keys.Any(g => Held(g).Contains(permission));
        var shown = users > 0 || groups > 0 || effective > 0 || anonymous || authenticated || heldByAGroup;
        return (users, groups, groupUsers, effective, anonymous, authenticated, shown);
    }

    /// <summary>(Route, Via) of every route by which the user holds the permission, in no particular order.</summary>
    public List<(RouteKind Route, string Via)> Routes(string user, string permission)
    {
        var routes = new List<(RouteKind, string)>();
        var record = state.Users[user];
        if (!record.IsActive) return routes;
        if (record.IsSuperuser) routes.Add((RouteKind.Superuser, ""));
        foreach (var holder in _resolver.Reach(user))
        {
            var kind = holder == user ? RouteKind.Direct
                : holder == PermissionState.Anonymous ? RouteKind.Anonymous
                : holder == PermissionState.Authenticated ? RouteKind.Authenticated
                : RouteKind.Group;
            var via = holder == user ? "" : holder;
            foreach (var granted in state.GrantsOf(holder).Where(state.Permissions.ContainsKey))
            {
                if (granted == permission) routes.Add((kind, via));
                if (_resolver.Expand(granted).Contains(permission)) routes.Add((RouteKind.Implied, granted));
            }
        }
        return routes;
    }
}
