namespace PermShell.Core.Rules;

/// <summary>
/// A warning, not an error: a permission may imply a name the catalog lacks (catalogs are often loaded in name
/// order); it is kept and takes effect once defined. Judged when a change sets what a permission implies.
/// </summary>
public sealed class UnknownImpliedRule : IRule
{
    public IEnumerable<Problem> Check(RuleContext context)
    {
        foreach (var proposed in context.Changes)
        {
            var definition = proposed.Change switch
            {
                AddPermission c => c.Definition,
                UpdatePermission c when !c.Before.Implies.SequenceEqual(c.After.Implies, StringComparer.Ordinal) => c.After,
                _ => null,
            };
            if (definition is null) continue;
            foreach (var entry in definition.Implies.Distinct(StringComparer.Ordinal))
            {
                // A badly spelled name is ImplicationPatternRule's error; it is not also an unknown one.
                if (ImplicationPatternRule.IsPattern(entry) || entry == definition.Name || context.IsPermissionAfter(entry) || Problem.FromNameRule(proposed, () => NameRules.CheckPermissionName(entry)) is not null) continue;
                yield return Problem.About(proposed, "PermShell.Permission.UnknownImplied",
                    $"{definition.Name} implies {entry}, which is not in the catalog; it takes effect once {entry} is defined.{context.Hint(entry, context.PermissionsAfter)}",
                    entry) with { IsWarning = true };
            }
        }
    }

}
