using PermShell.Core.Engine;

namespace PermShell.Core.Rules;

/// <summary>
/// A grant or a membership names what exists once the changes are made: a grant a user or group and a permission,
/// a membership a group and a user or group.
/// </summary>
public sealed class ReferenceRule : IRule
{
    /// <summary>Who first, then what: unknown users and groups of every change, then unknown permissions.</summary>
    public IEnumerable<Problem> Check(RuleContext context)
    {
        foreach (var proposed in context.Changes)
        {
            switch (proposed.Change)
            {
                case AddGrant c:
                    if (UnknownSubject(context, proposed, c.Subject) is { } subject) yield return subject;
                    break;
                case AddMember c:
                    if (NotAGroup(context, proposed, c.Group) is { } group) yield return group;
                    if (UnknownSubject(context, proposed, c.Member) is { } member) yield return member;
                    break;
            }
        }
        foreach (var proposed in context.Changes)
            if (proposed.Change is AddGrant c && UnknownPermission(context, proposed, c.Subject, c.Permission) is { } permission)
                yield return permission;
    }

    private static Problem? UnknownSubject(RuleContext context, ProposedChange proposed, string name)
    {
        if (context.SubjectKindAfter(name) is not null) return null;
        var why = context.IsPermissionAfter(name)
            ? $" '{name}' is a permission: grant it instead."
            : context.Hint(name, context.SubjectsAfter);
        return Problem.About(proposed, "PermShell.Subject.NotFound", $"There is no user or group named '{NameRules.Printable(name)}'.{why}", name);
    }

    private static Problem? UnknownPermission(RuleContext context, ProposedChange proposed, string subject, string name)
    {
        if (context.IsPermissionAfter(name)) return null;
        var message = context.SubjectKindAfter(name) switch
        {
            SubjectKind.Group => $"'{name}' is a group, not a permission: to put {subject} in it, make {subject} a member of {name}.",
            { } kind => $"'{name}' is a {NameCollisionRule.KindText(kind)}, not a permission: only permissions can be granted.",
            null when ImplicationPattern.IsPattern(name) => MetaPermissionHint.For(name, context.Before),
            null => $"{NameRules.Printable(name)} is not a valid permission.{context.Hint(name, context.PermissionsAfter)}",
        };
        return Problem.About(proposed, "PermShell.Grant.UnknownPermission", message, name);
    }

    private static Problem? NotAGroup(RuleContext context, ProposedChange proposed, string name) => context.SubjectKindAfter(name) switch
    {
        SubjectKind.Group => null,
        SubjectKind.Virtual => Problem.About(proposed, "PermShell.Group.Virtual",
            $"'{name}' is a virtual group: it has no stored members of its own.", name),
        _ => Problem.About(proposed, "PermShell.Group.NotFound",
            $"There is no group named '{NameRules.Printable(name)}'.{context.Hint(name, context.SubjectsAfter.Where(s => context.SubjectKindAfter(s) == SubjectKind.Group))}", name),
    };
}
