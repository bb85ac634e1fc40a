namespace PermShell.Core.Rules;

/// <summary>
/// A new name is free once the changes are made: a user or group (new or renamed) takes no permission's name nor differs from one
/// by case only; a permission takes no subject's name, nor another permission's or a subject's by case only; and a
/// name that exists stays taken unless the same changes remove it. When the same changes add a permission and a
/// subject that clash, the subject is the one reported (once, not twice for one mistake).
/// </summary>
public sealed class NameCollisionRule : IRule
{
    public IEnumerable<Problem> Check(RuleContext context)
    {
        foreach (var proposed in context.Changes)
        {
            var problem = proposed.Change switch
            {
                AddUser c => NewSubject(context, proposed, c.User.Name),
                AddGroup c => NewSubject(context, proposed, c.Group.Name),
                RenameUser c => NewSubject(context, proposed, c.NewName),
                RenameGroup c => NewSubject(context, proposed, c.NewName),
                AddPermission c => NewPermission(context, proposed, c.Definition.Name),
                _ => null,
            };
            if (problem is not null) yield return problem;
        }
    }

    private static Problem? NewSubject(RuleContext context, ProposedChange proposed, string name)
    {
        if (context.IsPermissionAfter(name))
            return Problem.About(proposed, "PermShell.Name.CollidesWithPermission", $"'{name}' is the name of a permission; users and groups cannot share it.", name);
        if (context.PermissionTwin(name) is { } twin)
            return Problem.About(proposed, "PermShell.Name.DiffersByCase", $"'{name}' differs from a defined permission ({twin}) by case only.", name);
        if (context.Removes(name)) return null;
        return context.Before.KindOf(name) switch
        {
            SubjectKind.User => Problem.About(proposed, "PermShell.User.Exists", $"A user named '{name}' already exists.", name),
            SubjectKind.Group => Problem.About(proposed, "PermShell.Group.Exists", $"A group named '{name}' already exists (users and groups share one namespace).", name),
            _ => null,
        };
    }

    private static Problem? NewPermission(RuleContext context, ProposedChange proposed, string name)
    {
        if (context.Before.Permissions.ContainsKey(name) && !context.Removes(name))
            return Problem.About(proposed, "PermShell.Permission.Exists", $"The permission '{name}' already exists.", name);
        if (context.PermissionTwin(name) is { } twin)
            return Problem.About(proposed, "PermShell.Name.DiffersByCase", $"'{name}' differs from a defined permission ({twin}) by case only.", name);
        if (context.SubjectKindAfter(name) is { } kind && !context.AddsSubject(name))
            return Problem.About(proposed, "PermShell.Name.CollidesWithSubject",
                $"'{name}' is already the name of a {KindText(kind)}; permissions and subjects cannot share a name.", name);
        if (context.SubjectTwin(name) is { } subject && !context.AddsSubject(subject))
            return Problem.About(proposed, "PermShell.Name.DiffersByCase",
                $"'{name}' differs from the subject '{subject}' by case only; permissions and subjects must be told apart by more than case.", name);
        return null;
    }

    public static string KindText(SubjectKind kind) => kind switch
    {
        SubjectKind.User => "user",
        SubjectKind.Group => "group",
        _ => "virtual group",
    };
}
