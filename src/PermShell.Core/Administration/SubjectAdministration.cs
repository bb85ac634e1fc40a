using PermShell.Core.Engine;
using PermShell.Core.Rules;
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
        var change = new AddUser(user);
        RuleBook.Default.Require(_writer.State, change);
        _writer.Admit([change]);
        if (!_host.ShouldProcess(user.Name, "Create user")) return null;
        _writer.Apply(change);
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
        var change = new UpdateUser(before, after);
        _writer.Admit([change]);
        if (!_host.ShouldProcess(name, "Update user")) return null;
        _writer.Apply(change);
        return after;
    }

    /// <summary>Removes a user with its grants and memberships; returns the user removed, or null when declined.</summary>
    public User? RemoveUser(string name)
    {
        var before = SubjectChecks.RequireUser(_writer.State, name);
        var change = new RemoveUser(before);
        _writer.Admit([change]);
        if (!_host.ShouldProcess(name, "Remove user with their grants and memberships")) return null;
        _writer.Apply(change);
        return before;
    }

    /// <summary>
    /// Gives a user a new name with its grants and memberships; returns the user as renamed, or null when declined.
    /// The new name must be one a new user could take (the rule book's name and collision rules).
    /// </summary>
    public User? RenameUser(string name, string newName)
    {
        RefuseVirtual(name);
        var before = SubjectChecks.RequireUser(_writer.State, name);
        return Rename(name, newName, "user", new RenameUser(before, newName)) ? before with { Name = newName } : null;
    }

    /// <summary>Gives a group a new name with its grants, members and memberships; returns the group as renamed, or null when declined.</summary>
    public Group? RenameGroup(string name, string newName)
    {
        RefuseVirtual(name);
        var before = SubjectChecks.RequireGroup(_writer.State, name);
        return Rename(name, newName, "group", new RenameGroup(before, newName)) ? before with { Name = newName } : null;
    }

    /// <summary>Checks and applies a rename; true when the subject has the new name afterwards (also when it had it already).</summary>
    private bool Rename(string name, string newName, string kind, Change change)
    {
        if (newName == name)
        {
            _host.Verbose($"The {kind} {name} already has that name; nothing to change.");
            return true;
        }
        RuleBook.Default.Require(_writer.State, change);
        if (!_host.ShouldProcess(name, $"Rename {kind} to {newName}, with its grants and memberships")) return false;
        _writer.Apply(change);
        _host.Verbose($"Renamed the {kind} {name} to {newName}.");
        return true;
    }

    /// <summary>anonymous and authenticated are not stored records: they always exist under these names.</summary>
    private static void RefuseVirtual(string name)
    {
        if (PermissionState.IsVirtual(name))
            throw new PermShellException("PermShell.Group.Virtual", ProblemKind.InvalidOperation,
                $"'{name}' is a virtual group standing for {(name == PermissionState.Anonymous ? "everyone, signed in or not" : "every signed-in user")}: it always exists under this name and cannot be renamed.", name);
    }

    public Group? AddGroup(Group group)
    {
        var change = new AddGroup(group);
        RuleBook.Default.Require(_writer.State, change);
        _writer.Admit([change]);
        if (!_host.ShouldProcess(group.Name, "Create group")) return null;
        _writer.Apply(change);
        return group;
    }

    public Group? UpdateGroup(string name, string description)
    {
        var before = SubjectChecks.RequireGroup(_writer.State, name);
        var after = before with { Description = description };
        if (after == before) return after;
        var change = new UpdateGroup(before, after);
        _writer.Admit([change]);
        if (!_host.ShouldProcess(name, "Update group")) return null;
        _writer.Apply(change);
        return after;
    }

    /// <summary>Removes a group with its grants and memberships; returns the group as it was (with its member count), or null when declined.</summary>
    public Group? RemoveGroup(string name)
    {
        var before = SubjectChecks.RequireGroup(_writer.State, name);
        // Both directions go: the group's own members, and the group's membership of other groups.
        var members = _writer.State.MembersOf(name).Count;
        var memberships = members + _writer.State.Members.Count(m => m.Value.Contains(name));
        var change = new RemoveGroup(before);
        _writer.Admit([change]);
        if (!_host.ShouldProcess(name, $"Remove group with its grants and {memberships} membership(s)")) return null;
        _writer.Apply(change);
        return before with { MemberCount = members };
    }

    /// <summary>
    /// Adds members to a group. The call is checked whole first (every member exists, no cycle); already-members
    /// are reported as warnings and skipped.
    /// </summary>
    public IReadOnlyList<AddMember> AddMembers(string group, IReadOnlyList<string> members)
    {
        var state = _writer.State;
        SubjectChecks.RequireGroup(state, group);
        var warnings = new List<string>();
        var plan = NewMemberships(members.Select(m => (group, m)).ToList(), warnings);
        if (!Admit(plan)) return Array.Empty<AddMember>();
        warnings.ForEach(_host.Warning);
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
            var why = DenialReason.NotDirectMember.In(state, member, group);
            _host.Error(new PermShellException("PermShell.Group.NotAMember", ProblemKind.ObjectNotFound, why.Text, member));
        }
        return ApplyEach(changes, c => (c.Member, $"Remove from group {c.Group}"));
    }

    /// <summary>
    /// The memberships (group, member) that are not there yet, in order; each one already there (or asked twice)
    /// becomes a warning in <paramref name="warnings"/>, for the caller to write once the call is admitted.
    /// </summary>
    internal List<AddMember> NewMemberships(IReadOnlyList<(string Group, string Member)> wanted, List<string> warnings)
    {
        var state = _writer.State;
        var changes = new List<AddMember>();
        foreach (var (group, member) in wanted)
        {
            var change = new AddMember(group, member);
            if (state.MembersOf(group).Contains(member) || changes.Contains(change))
            {
                warnings.Add($"{member} is already in {group}");
                continue;
            }
            changes.Add(change);
            // A virtual member stands for many people: say so before it happens, not in an audit later.
            if (PermissionState.IsVirtual(member))
                warnings.Add($"{member} now belongs to {group}: {(member == PermissionState.Anonymous ? "everyone, signed in or not," : "every signed-in user")} holds every permission {group} holds.");
        }
        return changes;
    }

    /// <summary>
    /// Puts a call's changes to the rule book as one set (so they are judged together: a cycle closed by two of
    /// them is found). Writes each problem once as an error and returns false when there is any.
    /// </summary>
    internal bool Admit(IEnumerable<Change> changes)
    {
        var problems = RuleBook.Default.Check(_writer.State, changes.ToArray())
            .Where(p => !p.IsWarning)
            .DistinctBy(p => (p.Id, p.Target))
            .ToList();
        foreach (var problem in problems) _host.Error(problem.ToException());
        return problems.Count == 0;
    }

    /// <summary>
    /// Applies a call's changes, each confirmed on its own. In an enforced store they are admitted whole first: one
    /// the actor may not make and none is made (PermShell.Rights.AccessDenied lists each).
    /// </summary>
    internal IReadOnlyList<T> ApplyEach<T>(IEnumerable<T> changes, Func<T, (string Target, string Action)> describe) where T : Change
    {
        var applied = new List<T>();
        var all = changes.ToList();
        _writer.Admit(all);
        foreach (var change in all)
        {
            var (target, action) = describe(change);
            if (!_host.ShouldProcess(target, action)) continue;
            _writer.Apply(change);
            applied.Add(change);
        }
        return applied;
    }
}
