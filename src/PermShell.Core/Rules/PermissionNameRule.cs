namespace PermShell.Core.Rules;

/// <summary>A new permission has a valid permission name: TICKET_VIEW (Trac) or app_label.codename (Django).</summary>
public sealed class PermissionNameRule : IRule
{
    public IEnumerable<Problem> Check(RuleContext context)
    {
        foreach (var proposed in context.Changes)
        {
            if (proposed.Change is not AddPermission c) continue;
            if (Problem.FromNameRule(proposed, () => NameRules.CheckPermissionName(c.Definition.Name)) is { } problem) yield return problem;
        }
    }
}
