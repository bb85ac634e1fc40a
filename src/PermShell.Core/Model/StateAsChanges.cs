namespace PermShell;

/// <summary>The changes that build a whole state from an empty store, in an order the store accepts.</summary>
public static class StateAsChanges
{
    public static IEnumerable<Change> Additions(PermissionState state)
    {
        foreach (var def in state.Permissions.Values.OrderBy(d => d.Name, StringComparer.Ordinal))
            yield return new AddPermission(def);
        foreach (var user in state.Users.Values.OrderBy(u => u.Name, StringComparer.Ordinal))
            yield return new AddUser(user);
        foreach (var group in state.Groups.Values.OrderBy(g => g.Name, StringComparer.Ordinal))
            yield return new AddGroup(group);
        foreach (var (group, members) in state.Members.OrderBy(m => m.Key, StringComparer.Ordinal))
            foreach (var member in members.Order(StringComparer.Ordinal))
                yield return new AddMember(group, member);
        foreach (var (subject, grants) in state.Grants.OrderBy(g => g.Key, StringComparer.Ordinal))
            foreach (var permission in grants.Order(StringComparer.Ordinal))
                yield return new AddGrant(subject, permission);
        for (var i = 0; i < state.Policies.Count; i++)
            yield return new AddPolicy(state.Policies[i], i);
    }
}
