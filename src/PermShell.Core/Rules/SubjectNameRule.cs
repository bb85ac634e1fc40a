namespace PermShell.Core.Rules;

/// <summary>
/// A new user or group, or the new name of a renamed one, has a valid subject name (SPEC §1 "Names": characters, length, not all upper case, not a
/// case twin of anonymous or authenticated), and not a reserved one.
/// </summary>
public sealed class SubjectNameRule : IRule
{
    public IEnumerable<Problem> Check(RuleContext context)
    {
        foreach (var proposed in context.Changes)
        {
            var name = proposed.Change switch
            {
                AddUser c => c.User.Name,
                AddGroup c => c.Group.Name,
                RenameUser c => c.NewName,
                RenameGroup c => c.NewName,
                _ => null,
            };
            if (name is null) continue;
            if (Broken(proposed, name) is { } problem) yield return problem;
        }
    }

    private static Problem? Broken(ProposedChange proposed, string name) =>
        Problem.FromNameRule(proposed, () => NameRules.CheckSubjectName(name))
        ?? (PermissionState.IsVirtual(name)
            ? Problem.About(proposed, "PermShell.Name.Reserved",
                $"'{name}' is reserved: it always exists as a virtual group standing for {(name == PermissionState.Anonymous ? "everyone, signed in or not" : "every signed-in user")}. It can be given grants, not created.", name)
            : null);
}
