namespace PermShell;

/// <summary>
/// What a <see cref="Change"/> does to a <see cref="PermissionState"/> in memory, cascades included. The store's
/// writer applies it beside the SQL it executes, and a staged change set applies it to its working copy: one
/// definition of a change's effect for both.
/// </summary>
public static class StateChanges
{
    /// <summary>
    /// Applies <paramref name="change"/> to <paramref name="state"/>. A removed subject leaves every group it was in;
    /// <paramref name="groupsContaining"/> names them when the caller has an index (the store's member index), else
    /// every group is searched.
    /// </summary>
    public static void Apply(PermissionState state, Change change, IEnumerable<string>? groupsContaining = null)
    {
        switch (change.Kind)
        {
            case ChangeKind.Permission when change.Action == ChangeAction.Remove:
                state.Permissions.Remove(change.Subject);
                foreach (var grants in state.Grants.Values) grants.Remove(change.Subject);
                break;
            case ChangeKind.Permission:
                state.Permissions[change.Subject] = (PermissionDefinition)change.After!;
                break;
            case ChangeKind.User when change.Action == ChangeAction.Remove:
                RemoveSubject(state, change.Subject, groupsContaining);
                state.Users.Remove(change.Subject);
                break;
            case ChangeKind.User:
                state.Users[change.Subject] = (User)change.After!;
                break;
            case ChangeKind.Group when change.Action == ChangeAction.Remove:
                RemoveSubject(state, change.Subject, groupsContaining);
                state.Groups.Remove(change.Subject);
                state.Members.Remove(change.Subject);
                break;
            case ChangeKind.Group:
                state.Groups[change.Subject] = (Group)change.After! with { MemberCount = 0 };
                break;
            case ChangeKind.Member:
                Toggle(state.Members, change.Subject, change.Target, change.Action == ChangeAction.Add);
                break;
            case ChangeKind.Grant:
                Toggle(state.Grants, change.Subject, change.Target, change.Action == ChangeAction.Add);
                break;
        }
    }

    private static void RemoveSubject(PermissionState state, string name, IEnumerable<string>? groupsContaining)
    {
        state.Grants.Remove(name);
        var groups = groupsContaining ?? state.Members.Where(m => m.Value.Contains(name)).Select(m => m.Key).ToList();
        foreach (var group in groups)
            if (state.Members.TryGetValue(group, out var members)) members.Remove(name);
    }

    private static void Toggle(Dictionary<string, HashSet<string>> sets, string key, string value, bool add)
    {
        if (add)
        {
            if (!sets.TryGetValue(key, out var set)) sets[key] = set = new HashSet<string>(StringComparer.Ordinal);
            set.Add(value);
        }
        else if (sets.TryGetValue(key, out var set))
        {
            set.Remove(value);
        }
    }
}
