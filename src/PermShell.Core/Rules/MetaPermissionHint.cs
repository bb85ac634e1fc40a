using PermShell.Core.Engine;

namespace PermShell.Core.Rules;

/// <summary>
/// What to say when someone grants a pattern such as TICKET_*: grants take names, and the catalog's way to give
/// every permission a pattern matches is a meta-permission that implies them all (Trac's TICKET_ADMIN).
/// </summary>
internal static class MetaPermissionHint
{
    public static string For(string pattern, PermissionState state)
    {
        var matched = state.Permissions.Keys.Where(p => ImplicationPattern.Matches(pattern, p)).ToHashSet(StringComparer.Ordinal);
        if (matched.Count == 0)
            return $"'{pattern}' is a pattern, and grants take permission names; it matches no permission of the catalog.";
        var metas = state.Permissions.Keys
            .Where(p => matched.IsSubsetOf(Implied(p, state).Append(p)))
            .Order(StringComparer.Ordinal)
            .ToList();
        // The narrowest meta-permission first: the one that implies the fewest others.
        var best = metas.OrderBy(p => Implied(p, state).Count()).ThenBy(p => p, StringComparer.Ordinal).FirstOrDefault();
        return best is null
            ? $"'{pattern}' is a pattern, and grants take permission names: it matches {matched.Count} permission(s), which no single permission implies; grant them by name, or define one that implies '{pattern}'."
            : $"'{pattern}' is a pattern, and grants take permission names. {best} implies every permission it matches: grant {best} instead.";
    }

    /// <summary>Every permission <paramref name="permission"/> implies, transitively, through names and patterns.</summary>
    private static IEnumerable<string> Implied(string permission, PermissionState state)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var next = new Queue<string>([permission]);
        while (next.Count > 0)
        {
            if (!state.Permissions.TryGetValue(next.Dequeue(), out var definition)) continue;
            foreach (var entry in definition.Implies)
                foreach (var name in state.Permissions.Keys.Where(p => ImplicationPattern.IsPattern(entry) ? ImplicationPattern.Matches(entry, p) : p == entry))
                    if (seen.Add(name)) next.Enqueue(name);
        }
        seen.Remove(permission);
        return seen;
    }
}
