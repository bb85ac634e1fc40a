using System.Management.Automation;

namespace PermShell;

/// <summary>
/// -Name style filters: PowerShell wildcards, case-sensitive like every PermShell name. A plain name that matches
/// nothing is reported as not found; a wildcard that matches nothing is simply empty (Get-ChildItem's rule).
/// </summary>
internal sealed class NameFilter
{
    private readonly WildcardPattern[] _patterns;

    public NameFilter(IReadOnlyList<string>? patterns) =>
        _patterns = (patterns ?? Array.Empty<string>()).Select(p => new WildcardPattern(p, WildcardOptions.CultureInvariant)).ToArray();

    public bool IsEmpty => _patterns.Length == 0;

    public bool Matches(string name) => _patterns.Length == 0 || _patterns.Any(p => p.IsMatch(name));

    /// <summary>The plain (non-wildcard) names among the patterns that none of <paramref name="names"/> matched.</summary>
    public static IEnumerable<string> Unmatched(IReadOnlyList<string>? patterns, IEnumerable<string> names) =>
        patterns is null ? [] : Unmatched(patterns, names.ToHashSet(StringComparer.Ordinal).Contains);

    /// <summary>
    /// The plain (non-wildcard) names among the patterns for which <paramref name="exists"/> is false: for a collection
    /// that answers a lookup itself (a store's catalog), instead of copying all its names into a set on every call.
    /// </summary>
    public static IEnumerable<string> Unmatched(IReadOnlyList<string>? patterns, Func<string, bool> exists)
    {
        if (patterns is null) yield break;
        foreach (var p in patterns)
            // An escaped name ([WildcardPattern]::Escape('team[1]')) is a plain name once unescaped.
            if (!WildcardPattern.ContainsWildcardCharacters(p) && !exists(WildcardPattern.Unescape(p))) yield return WildcardPattern.Unescape(p);
    }

    /// <summary>Whether every pattern is a plain name (no wildcard): then the names can be looked up rather than matched.</summary>
    public static bool AllPlain(IReadOnlyList<string> patterns) => patterns.All(p => !WildcardPattern.ContainsWildcardCharacters(p));
}
