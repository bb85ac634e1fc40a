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
        // The engine's own implication graph: "implies" means here exactly what it means for resolution.
        var names = new NameTable(state.Permissions.Keys);
        var implications = new ImplicationGraph(names, state.Permissions);
        var matched = Enumerable.Range(0, names.Count).Where(id => ImplicationPattern.Matches(pattern, names[id])).ToList();
        if (matched.Count == 0)
            return $"'{pattern}' is a pattern, and grants take permission names; it matches no permission of the catalog.";
        // The narrowest meta-permission that implies (or is) every match: the one that implies the fewest others.
        var best = Enumerable.Range(0, names.Count)
            .Where(p => matched.All(m => m == p || implications.Closure(p).Contains(m)))
            .OrderBy(p => implications.Closure(p).Count()).ThenBy(p => names[p], StringComparer.Ordinal)
            .Select(p => names[p])
            .FirstOrDefault();
        return best is null
            ? $"'{pattern}' is a pattern, and grants take permission names: it matches {matched.Count} permission(s), which no single permission implies; grant them by name, or define one that implies '{pattern}'."
            : $"'{pattern}' is a pattern, and grants take permission names. {best} implies every permission it matches: grant {best} instead.";
    }
}
