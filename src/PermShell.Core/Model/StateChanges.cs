using System.Diagnostics;

namespace PermShell;

/// <summary>
/// What a <see cref="Change"/> does to a <see cref="PermissionState"/> in memory, cascades included. The store's
/// writer applies it beside the SQL it executes, and a staged change set applies it to its working copy: one
/// definition of a change's effect for both. Each change replaces only the entries it touches (a set is copied with
/// its one element added or removed), so the state it started from, shared by clones and snapshots, never changes.
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
        switch (change)
        {
            case AddPermission c:
                state.Permissions[c.Definition.Name] = c.Definition;
                break;
            case UpdatePermission c:
                state.Permissions[c.Name] = c.After;
                break;
            case RemovePermission c:
                state.Permissions.Remove(c.Name);
                foreach (var subject in state.Grants.Where(g => g.Value.Contains(c.Name)).Select(g => g.Key).ToList())
                    Toggle(state.Grants, subject, c.Name, add: false);
                break;
            case AddUser c:
                state.Users[c.User.Name] = c.User;
                break;
            case UpdateUser c:
                state.Users[c.Name] = c.After;
                break;
            case RemoveUser c:
                RemoveSubject(state, c.Name, groupsContaining);
                state.Users.Remove(c.Name);
                break;
            case RenameUser c:
                if (!state.Users.Remove(c.Name)) break;
                state.Users[c.NewName] = c.After;
                RenameSubject(state, c.Name, c.NewName, groupsContaining);
                RenamePolicyEntries(state, c.Name, c.NewName);
                break;
            case AddGroup c:
                state.Groups[c.Group.Name] = c.Group with { MemberCount = 0 };
                break;
            case UpdateGroup c:
                state.Groups[c.Name] = c.After with { MemberCount = 0 };
                break;
            case RemoveGroup c:
                RemoveSubject(state, c.Name, groupsContaining);
                state.Groups.Remove(c.Name);
                state.Members.Remove(c.Name);
                break;
            case RenameGroup c:
                if (!state.Groups.Remove(c.Name)) break;
                state.Groups[c.NewName] = c.After with { MemberCount = 0 };
                if (state.Members.TryGetValue(c.Name, out var members))
                {
                    state.Members.Remove(c.Name);
                    state.Members[c.NewName] = members;
                }
                RenameSubject(state, c.Name, c.NewName, groupsContaining);
                RenamePolicyEntries(state, "@" + c.Name, "@" + c.NewName);
                break;
            case AddMember c:
                Toggle(state.Members, c.Group, c.Member, add: true);
                break;
            case RemoveMember c:
                Toggle(state.Members, c.Group, c.Member, add: false);
                break;
            case AddGrant c:
                Toggle(state.Grants, c.Subject, c.Permission, add: true);
                break;
            case RemoveGrant c:
                Toggle(state.Grants, c.Subject, c.Permission, add: false);
                break;
            case AddPolicy or UpdatePolicy or RemovePolicy:
                state.Policies = PolicyList(state.Policies, change);
                break;
            default:
                throw new UnreachableException($"No in-memory effect for the change kind {change.GetType().Name}.");
        }
    }

    /// <summary>
    /// The ordered sections after a policy change. An added section replaces one with the same pattern (there is one
    /// per pattern); an update of a pattern that is gone, or a removal of one, changes nothing.
    /// </summary>
    public static IReadOnlyList<PolicySection> PolicyList(IReadOnlyList<PolicySection> before, Change change)
    {
        var list = before.ToList();
        switch (change)
        {
            case AddPolicy c:
                list.RemoveAll(s => s.Resource == c.Resource);
                list.Insert(Math.Clamp(c.Position, 0, list.Count), c.Section);
                break;
            case UpdatePolicy c:
                var at = list.FindIndex(s => s.Resource == c.Resource);
                if (at >= 0) list[at] = c.After with { Resource = c.Resource };
                break;
            case RemovePolicy c:
                list.RemoveAll(s => s.Resource == c.Resource);
                break;
        }
        return list;
    }

    private static void RemoveSubject(PermissionState state, string name, IEnumerable<string>? groupsContaining)
    {
        state.Grants.Remove(name);
        var groups = groupsContaining ?? state.Members.Where(m => m.Value.Contains(name)).Select(m => m.Key).ToList();
        foreach (var group in groups) Toggle(state.Members, group, name, add: false);
    }

    /// <summary>A renamed subject's grants move to its new name, and every group that held it holds the new name instead.</summary>
    private static void RenameSubject(PermissionState state, string name, string newName, IEnumerable<string>? groupsContaining)
    {
        if (state.Grants.TryGetValue(name, out var grants))
        {
            state.Grants.Remove(name);
            state.Grants[newName] = grants;
        }
        var groups = groupsContaining ?? state.Members.Where(m => m.Value.Contains(name)).Select(m => m.Key).ToList();
        foreach (var group in groups)
        {
            Toggle(state.Members, group, name, add: false);
            Toggle(state.Members, group, newName, add: true);
        }
    }

    private static void RenamePolicyEntries(PermissionState state, string subject, string newSubject)
    {
        var renamed = PolicyEntriesRenamed(state.Policies, subject, newSubject);
        if (!ReferenceEquals(renamed, state.Policies)) state.Policies = renamed;
    }

    /// <summary>
    /// The policy with every entry for <paramref name="subject"/> (a user's name, or '@' and a group's) made an entry for
    /// <paramref name="newSubject"/>, in place: a renamed user or group keeps the policy it had, as its grants and
    /// memberships go with it. The same list when no entry names it (the store writes nothing then).
    /// </summary>
    public static IReadOnlyList<PolicySection> PolicyEntriesRenamed(IReadOnlyList<PolicySection> policies, string subject, string newSubject)
    {
        if (!policies.Any(section => section.Rules.Any(rule => rule.Subject == subject))) return policies;
        return policies.Select(section => section.Rules.Any(rule => rule.Subject == subject)
            ? section with { Rules = section.Rules.Select(rule => rule.Subject == subject ? rule with { Subject = newSubject } : rule).ToList() }
            : section).ToList();
    }

    private static void Toggle(StateMap<IReadOnlySet<string>> sets, string key, string value, bool add)
    {
        var found = sets.TryGetValue(key, out var set);
        if (!found && !add) return;
        var before = found ? (ReadOnlyNameSet)set! : ReadOnlyNameSet.Empty;
        var after = before.With(value, add);
        if (!ReferenceEquals(after, before) || !found) sets[key] = after;
    }
}
