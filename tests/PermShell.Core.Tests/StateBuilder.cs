using PermShell.Core.Engine;

namespace PermShell.Core.Tests;

/// <summary>Builds small permission states for tests in a few readable lines.</summary>
internal sealed class StateBuilder(PermissionState? start = null)
{
    public PermissionState State { get; } = start ?? new PermissionState();

    public StateBuilder Permission(string name, params string[] implies)
    {
        State.Permissions[name] = new PermissionDefinition { Name = name, Implies = implies };
        return this;
    }

    public StateBuilder User(string name, bool active = true, bool superuser = false)
    {
        State.Users[name] = new User { Name = name, IsActive = active, IsSuperuser = superuser };
        return this;
    }

    /// <summary>Creates the group if needed and makes each name a direct member.</summary>
    public StateBuilder Group(string name, params string[] members)
    {
        State.Groups.TryAdd(name, new Group { Name = name });
        State.Members[name] = State.MembersOf(name).Union(members).ToHashSet(StringComparer.Ordinal);
        return this;
    }

    public StateBuilder Grant(string subject, params string[] permissions)
    {
        State.Grants[subject] = State.GrantsOf(subject).Union(permissions).ToHashSet(StringComparer.Ordinal);
        return this;
    }

    public PermissionSnapshot Snapshot() => new(State);
}
