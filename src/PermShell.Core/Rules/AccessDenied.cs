namespace PermShell.Core.Rules;

/// <summary>
/// The one problem the rights rules report (PermShell.Rights.AccessDenied, category PermissionDenied): who was refused,
/// the operation in words, and the right that is missing. Its target is the operation, as the Denied log entry records it.
/// </summary>
public static class AccessDenied
{
    public const string Id = "PermShell.Rights.AccessDenied";

    /// <summary>A change the actor may not make, and why (the missing right, or what it would have to hold itself).</summary>
    public static Problem About(ProposedChange proposed, RuleContext context, string missing) =>
        Problem.About(proposed, Id, Message(context.Rights?.Actor ?? context.Actor ?? "", Operation(proposed.Change), missing), Operation(proposed.Change));

    /// <summary>An operation outside any change set (a read, switching enforcement), refused.</summary>
    public static PermShellException Exception(string actor, string operation, string missing) =>
        new(Id, ProblemKind.PermissionDenied, Message(actor, operation, missing), operation);

    /// <summary>Several refused changes as one error: the first reason, and how many more (each is also reported and logged).</summary>
    public static PermShellException Exception(IReadOnlyList<Problem> denied) => denied.Count == 1
        ? denied[0].ToException()
        : new(Id, ProblemKind.PermissionDenied,
            $"{denied.Count} of the changes are not allowed, so none was made:{Environment.NewLine}  " +
            string.Join(Environment.NewLine + "  ", denied.Select(p => p.ToString())), denied[0].Target);

    private static string Message(string actor, string operation, string missing) =>
        $"Access denied: '{actor}' may not {operation} in this enforced store: {missing}.";

    /// <summary>The operation a change is, in words: "grant TRAC_ADMIN to bob", "add bob to group support".</summary>
    public static string Operation(Change change) => change switch
    {
        AddGrant c => $"grant {c.Permission} to {c.Subject}",
        RemoveGrant c => $"revoke {c.Permission} from {c.Subject}",
        AddMember c => $"add {c.Member} to group {c.Group}",
        RemoveMember c => $"remove {c.Member} from group {c.Group}",
        AddUser c => c.User.IsSuperuser ? $"create the superuser {c.User.Name}" : $"create user {c.User.Name}",
        UpdateUser c => c.Before.IsSuperuser != c.After.IsSuperuser
            ? $"{(c.After.IsSuperuser ? "give" : "take")} superuser status {(c.After.IsSuperuser ? "to" : "from")} {c.Name}"
            : $"change user {c.Name}",
        RemoveUser c => $"remove user {c.Name}",
        RenameUser c => $"rename user {c.Name} to {c.NewName}",
        AddGroup c => $"create group {c.Group.Name}",
        UpdateGroup c => $"change group {c.Name}",
        RemoveGroup c => $"remove group {c.Name}",
        RenameGroup c => $"rename group {c.Name} to {c.NewName}",
        AddPermission c => $"define permission {c.Definition.Name}",
        UpdatePermission c => $"change permission {c.Name}",
        RemovePermission c => $"remove permission {c.Name}",
        AddPolicy c => $"add the policy section [{c.Resource}]",
        UpdatePolicy c => $"change the policy section [{c.Resource}]",
        RemovePolicy c => $"remove the policy section [{c.Resource}]",
        // A kind added later is named by its type until it gets its words; the rights rules refuse it to all but
        // PERMISSION_ADMIN holders (see AdministrationRightRule), so a new kind is never an open door.
        _ => $"make the change {change.GetType().Name}",
    };
}
