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
    public static IEnumerable<string> Unmatched(IReadOnlyList<string>? patterns, IEnumerable<string> names)
    {
        if (patterns is null) yield break;
        var set = names.ToHashSet(StringComparer.Ordinal);
        foreach (var p in patterns)
            // An escaped name ([WildcardPattern]::Escape('team[1]')) is a plain name once unescaped.
            if (!WildcardPattern.ContainsWildcardCharacters(p) && !set.Contains(WildcardPattern.Unescape(p))) yield return WildcardPattern.Unescape(p);
    }
}
