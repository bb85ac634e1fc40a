using PermShell.Core.Engine;

namespace PermShell.Core.Administration;

/// <summary>
/// Look-ups of existing users, groups, permissions and subjects, with the error a cmdlet raises when one is missing.
/// What a new name or a change must satisfy is the rule book's (<see cref="Rules.RuleBook"/>).
/// </summary>
public static class SubjectChecks
{
    public static User RequireUser(PermissionState state, string name) =>
        state.Users.TryGetValue(name, out var user) ? user
        : throw new PermShellException("PermShell.User.NotFound", ProblemKind.ObjectNotFound,
            $"There is no user named '{name}'.{ClosestNames.Hint(name, state.Users.Keys)}", name);

    public static Group RequireGroup(PermissionState state, string name) =>
        state.Groups.TryGetValue(name, out var group) ? group
        : PermissionState.IsVirtual(name)
            ? throw new PermShellException("PermShell.Group.Virtual", ProblemKind.InvalidOperation,
                $"'{name}' is a virtual group standing for {(name == PermissionState.Anonymous ? "everyone, signed in or not" : "every signed-in user")}: it has no stored members of its own and cannot be removed.", name)
            : throw new PermShellException("PermShell.Group.NotFound", ProblemKind.ObjectNotFound,
                $"There is no group named '{name}'.{ClosestNames.Hint(name, state.Groups.Keys)}", name);

    public static PermissionDefinition RequirePermission(PermissionState state, string name) =>
        state.Permissions.TryGetValue(name, out var def) ? def
        : throw DenialReason.UnknownPermission.In(state, name).ToException();

    /// <summary>The kind of an existing subject (user, group, anonymous, authenticated), or an error naming the closest ones.</summary>
    public static SubjectKind RequireSubject(PermissionState state, string name) =>
        state.KindOf(name) ?? throw DenialReason.UnknownSubject.In(state, name).ToException();
}
