using PermShell.Core.Engine;

namespace PermShell.Core.Administration;

/// <summary>The checks that a name must pass against the current content of a store (SPEC §1 "Names").</summary>
public static class SubjectChecks
{
    /// <summary>Throws unless <paramref name="name"/> can name a new user or group in <paramref name="state"/>.</summary>
    public static void CheckNewSubject(PermissionState state, string name)
    {
        NameRules.CheckSubjectName(name);
        if (PermissionState.IsVirtual(name))
            throw new PermShellException("PermShell.Name.Reserved", ProblemKind.InvalidArgument,
                $"'{name}' is reserved: it always exists and stands for {(name == PermissionState.Anonymous ? "everyone, signed in or not" : "every signed-in user")}.", name);
        CheckAgainstCatalog(state, name);
        switch (state.KindOf(name))
        {
            case SubjectKind.User:
                throw new PermShellException("PermShell.User.Exists", ProblemKind.ResourceExists, $"A user named '{name}' already exists.", name);
            case SubjectKind.Group:
                throw new PermShellException("PermShell.Group.Exists", ProblemKind.ResourceExists, $"A group named '{name}' already exists (users and groups share one namespace).", name);
        }
    }

    /// <summary>Throws unless <paramref name="name"/> can name a new permission in <paramref name="state"/>.</summary>
    public static void CheckNewPermission(PermissionState state, string name)
    {
        NameRules.CheckPermissionName(name);
        if (state.Permissions.ContainsKey(name))
            throw new PermShellException("PermShell.Permission.Exists", ProblemKind.ResourceExists, $"The permission '{name}' already exists.", name);
        CheckAgainstCatalog(state, name);
        if (state.KindOf(name) is not null)
            throw new PermShellException("PermShell.Name.CollidesWithSubject", ProblemKind.InvalidArgument,
                $"'{name}' is already the name of a {state.KindOf(name)!.Value.ToString().ToLowerInvariant()}; permissions and subjects cannot share a name.", name);
        var subjectTwin = state.Users.Keys.Concat(state.Groups.Keys).Append(PermissionState.Anonymous).Append(PermissionState.Authenticated)
            .FirstOrDefault(s => string.Equals(s, name, StringComparison.OrdinalIgnoreCase));
        if (subjectTwin is not null)
            throw new PermShellException("PermShell.Name.DiffersByCase", ProblemKind.InvalidArgument,
                $"'{name}' differs from the subject '{subjectTwin}' by case only; permissions and subjects must be told apart by more than case.", name);
    }

    /// <summary>A subject may not equal a permission, nor differ from one by case only.</summary>
    private static void CheckAgainstCatalog(PermissionState state, string name)
    {
        if (state.Permissions.ContainsKey(name))
            throw new PermShellException("PermShell.Name.CollidesWithPermission", ProblemKind.InvalidArgument,
                $"'{name}' is the name of a permission; users and groups cannot share it.", name);
        var twin = state.Permissions.Keys.FirstOrDefault(p => string.Equals(p, name, StringComparison.OrdinalIgnoreCase));
        if (twin is not null)
            throw new PermShellException("PermShell.Name.DiffersByCase", ProblemKind.InvalidArgument,
                $"'{name}' differs from a defined permission ({twin}) by case only.", name);
    }

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
