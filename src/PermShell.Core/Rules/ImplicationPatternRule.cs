namespace PermShell.Core.Rules;

/// <summary>
/// What a permission implies is a permission name or a pattern of permission-name characters with * and ?.
/// Only the entries a change introduces are judged: what the store holds already passed.
/// </summary>
public sealed class ImplicationPatternRule : IRule
{
    public IEnumerable<Problem> Check(RuleContext context)
    {
        foreach (var proposed in context.Changes)
        {
            var (definition, before) = proposed.Change switch
            {
                AddPermission c => (c.Definition, null),
                UpdatePermission c => (c.After, c.Before),
                _ => ((PermissionDefinition?)null, (PermissionDefinition?)null),
            };
            if (definition is null) continue;
            foreach (var entry in definition.Implies.Distinct(StringComparer.Ordinal))
            {
                if (before is not null && before.Implies.Contains(entry, StringComparer.Ordinal)) continue;
                if (Broken(proposed, definition.Name, entry) is { } problem) yield return problem;
            }
        }
    }

    public static bool IsPattern(string entry) => entry.Contains('*') || entry.Contains('?');

    private static Problem? Broken(ProposedChange proposed, string name, string entry)
    {
        if (IsPattern(entry))
            return entry.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '*' or '?'))
                ? Problem.About(proposed, "PermShell.Permission.InvalidPattern",
                    $"'{NameRules.Printable(entry)}' is not a valid implication pattern for {name}: use permission-name characters with * and ?.", entry)
                : null;
        return Problem.FromNameRule(proposed, () => NameRules.CheckPermissionName(entry));
    }
}
