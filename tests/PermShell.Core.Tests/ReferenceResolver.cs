using System.Text.RegularExpressions;

namespace PermShell.Core.Tests;

/// <summary>
/// SPEC §1 resolution written as plainly as possible — sets grown until nothing changes, patterns via
/// regular expressions — to judge the engine against. Slow on purpose: no indexes, no shortcuts.
/// </summary>
internal sealed class ReferenceResolver(PermissionState state)
{
    public HashSet<string> Held(string subject)
    {
        var kind = state.KindOf(subject);
        if (kind is null) return [];
        if (kind == SubjectKind.User)
        {
            var user = state.Users[subject];
            if (!user.IsActive) return [];
            if (user.IsSuperuser) return [.. state.Permissions.Keys];
        }

        var held = Reach(subject).SelectMany(state.GrantsOf).Where(state.Permissions.ContainsKey).ToHashSet();
        return Close(held);
    }

    /// <summary>The subject and every group (real or virtual) whose grants reach it.</summary>
    public HashSet<string> Reach(string subject)
    {
        var reached = new HashSet<string> { subject };
        if (state.KindOf(subject) == SubjectKind.User) reached.UnionWith([PermissionState.Anonymous, PermissionState.Authenticated]);
        if (subject == PermissionState.Authenticated) reached.Add(PermissionState.Anonymous);
        bool grew;
        do
        {
            grew = false;
            foreach (var group in state.Groups.Keys)
                if (!reached.Contains(group) && state.MembersOf(group).Overlaps(reached)) grew = reached.Add(group);
        } while (grew);
        return reached;
    }

    public HashSet<string> GroupsOf(string subject)
    {
        if (state.KindOf(subject) is null) return [];
        var groups = Reach(subject);
        groups.IntersectWith(state.Groups.Keys);
        groups.Remove(subject);
        return groups;
    }

    public HashSet<string> Expand(string permission)
    {
        if (!state.Permissions.ContainsKey(permission)) return [];
        var implied = Close(DirectlyImplied(permission).ToHashSet());
        implied.Remove(permission);
        return implied;
    }

    private HashSet<string> Close(HashSet<string> permissions)
    {
        int before;
        do
        {
            before = permissions.Count;
            permissions.UnionWith(permissions.SelectMany(DirectlyImplied).ToList());
        } while (permissions.Count != before);
        return permissions;
    }

    // The one-step relation, worked out once per state so the fixpoints above stay affordable.
    private IReadOnlySet<string> DirectlyImplied(string permission)
    {
        if (_implied.TryGetValue(permission, out var implied)) return implied;
        implied = (from entry in state.Permissions[permission].Implies
                   from other in state.Permissions.Keys
                   where other != permission && Matches(entry, other)
                   select other).ToHashSet();
        return _implied[permission] = implied;
    }

    private static bool Matches(string entry, string name) =>
        Regex.IsMatch(name, "^" + Regex.Escape(entry).Replace(@"\*", ".*").Replace(@"\?", ".") + "$", RegexOptions.Singleline);

    private readonly Dictionary<string, HashSet<string>> _implied = new();
}
