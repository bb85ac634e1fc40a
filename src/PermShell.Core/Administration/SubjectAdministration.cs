using PermShell.Core.Engine;
using PermShell.Core.Store;

namespace PermShell.Core.Administration;

/// <summary>Adds, changes and removes users and groups, and group memberships.</summary>
public sealed class SubjectAdministration
{
    private readonly ChangeBatch _writer;
    private readonly IHostContext _host;

    public SubjectAdministration(ChangeBatch writer, IHostContext host)
    {
        _writer = writer;
        _host = host;
    }

    public User? AddUser(User user)
    {
        SubjectChecks.CheckNewSubject(_writer.State, user.Name);
        if (!_host.ShouldProcess(user.Name, "Create user")) return null;
        _writer.Apply(new AddUser(user));
        return user;
    }

    /// <summary>Applies <paramref name="edit"/> to an existing user; nothing is written when it changes nothing.</summary>
    public User? UpdateUser(string name, Func<User, User> edit)
    {
        var before = SubjectChecks.RequireUser(_writer.State, name);
        var after = edit(before);
        if (after == before)
        {
            _host.Verbose($"User {name} is already as requested; nothing to change.");
            return after;
        }
        if (!_host.ShouldProcess(name, "Update user")) return null;
        _writer.Apply(new UpdateUser(before, after));
        return after;
    }

    public void RemoveUser(string name)
    {
        var before = SubjectChecks.RequireUser(_writer.State, name);
        if (!_host.ShouldProcess(name, "Remove user with their grants and memberships")) return;
        _writer.Apply(new RemoveUser(before));
    }

    public Group? AddGroup(Group group)
    {
        SubjectChecks.CheckNewSubject(_writer.State, group.Name);
        if (!_host.ShouldProcess(group.Name, "Create group")) return null;
        _writer.Apply(new AddGroup(group));
        return group;
    }

    public Group? UpdateGroup(string name, string description)
    {
        var before = SubjectChecks.RequireGroup(_writer.State, name);
        var after = before with { Description = description };
        if (after == before) return after;
        if (!_host.ShouldProcess(name, "Update group")) return null;
        _writer.Apply(new UpdateGroup(before, after));
        return after;
    }

    public void RemoveGroup(string name)
    {
        var before = SubjectChecks.RequireGroup(_writer.State, name);
        // Both directions go: the group's own members, and the group's membership of other groups.
        var memberships = _writer.State.MembersOf(name).Count + _writer.State.Members.Count(m => m.Value.Contains(name));
        if (!_host.ShouldProcess(name, $"Remove group with its grants and {memberships} membership(s)")) return;
        _writer.Apply(new RemoveGroup(before));
    }

    /// <summary>
    /// Adds members to a group. The call is checked whole first (every member exists, no cycle); already-members
    /// are reported as warnings and skipped.
    /// </summary>
    public IReadOnlyList<AddMember> AddMembers(string group, IReadOnlyList<string> members)
    {
        var state = _writer.State;
        SubjectChecks.RequireGroup(state, group);
        var plan = PlanMemberships(members.Select(m => (group, m)).ToList());
        if (plan is null) return Array.Empty<AddMember>();
        return ApplyEach(plan, c => (c.Member, $"Add to group {c.Group}"));
    }

    /// <summary>Removes members from a group; a name that is not a direct member is an error for that name.</summary>
    public IReadOnlyList<RemoveMember> RemoveMembers(string group, IReadOnlyList<string> members)
    {
        var state = _writer.State;
        SubjectChecks.RequireGroup(state, group);
        var changes = new List<RemoveMember>();
        foreach (var member in members.Distinct(StringComparer.Ordinal))
        {
            if (state.MembersOf(group).Contains(member))
            {
                changes.Add(new RemoveMember(group, member));
                continue;
            }
            var through = member == group ? null : MembershipPaths.Chain(state, member, group);
            var message = through is null
                ? $"'{member}' is not a member of '{group}'."
                : $"'{member}' is not a direct member of '{group}': it belongs to it through another group ({string.Join(" > ", through)}). Remove it from that group instead.";
            _host.Error(new PermShellException("PermShell.Group.NotAMember", ProblemKind.ObjectNotFound, message, member));
        }
        return ApplyEach(changes, c => (c.Member, $"Remove from group {c.Group}"));
    }

    /// <summary>
    /// Checks memberships (group, member) as one batch: members must exist, none may close a cycle (taking the
    /// batch itself into account). Existing memberships become warnings. Null when any check failed (errors written).
    /// </summary>
    internal List<AddMember>? PlanMemberships(IReadOnlyList<(string Group, string Member)> wanted)
    {
        var state = _writer.State;
        var failed = false;
        foreach (var member in wanted.Select(w => w.Member).Distinct(StringComparer.Ordinal))
        {
            if (state.KindOf(member) is null)
            {
                _host.Error(new PermShellException("PermShell.Subject.NotFound", ProblemKind.ObjectNotFound,
                    $"There is no user or group named '{member}'.{ClosestNames.Hint(member, state.Users.Keys.Concat(state.Groups.Keys))}", member));
                failed = true;
            }
        }
        if (failed) return null;
        var pending = new List<(string Group, string Member)>();
        var changes = new List<AddMember>();
        foreach (var (group, member) in wanted)
        {
            if (state.MembersOf(group).Contains(member) || pending.Contains((group, member)))
            {
                _host.Warning($"{member} is already in {group}");
                continue;
            }
            var cycle = MembershipPaths.Cycle(state, group, member, pending);
            if (cycle is not null)
            {
                _host.Error(new PermShellException("PermShell.Group.MembershipCycle", ProblemKind.InvalidOperation,
                    $"Adding '{member}' to '{group}' would close a membership cycle: {string.Join(" > ", cycle)}.", member));
                failed = true;
                continue;
            }
            pending.Add((group, member));
            changes.Add(new AddMember(group, member));
        }
        return failed ? null : changes;
    }

    internal IReadOnlyList<T> ApplyEach<T>(IEnumerable<T> changes, Func<T, (string Target, string Action)> describe) where T : Change
    {
        var applied = new List<T>();
        foreach (var change in changes)
        {
            var (target, action) = describe(change);
            if (!_host.ShouldProcess(target, action)) continue;
            _writer.Apply(change);
            applied.Add(change);
        }
        return applied;
    }
}
