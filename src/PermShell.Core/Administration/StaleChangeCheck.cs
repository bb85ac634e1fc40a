using System.Diagnostics;
using PermShell.Core.Rules;

namespace PermShell.Core.Administration;

/// <summary>
/// Decides, under the write lock, whether a change staged against an older version of the store still applies to
/// the store as it is now (another process committed in between). A change whose effect is already there is
/// skipped; one that would now be wrong (a name taken, a subject gone, a record edited since it was read, a cycle)
/// stops the whole commit, so nothing is written on a stale premise and no concurrent edit is overwritten.
/// </summary>
public static class StaleChangeCheck
{
    /// <summary>True to apply <paramref name="change"/> to <paramref name="current"/>, false to skip it as already done.</summary>
    public static bool StillApplies(PermissionState current, Change change) => change switch
    {
        AddPermission c => Added(current.Permissions, c.Definition.Name, c.Definition, c, () => RuleBook.Default.Require(current, c)),
        UpdatePermission c => Updated(current.Permissions, c.Name, c.Before, c.After, c),
        RemovePermission c => current.Permissions.ContainsKey(c.Name),
        AddUser c => Added(current.Users, c.User.Name, c.User, c, () => RuleBook.Default.Require(current, c)),
        UpdateUser c => Updated(current.Users, c.Name, c.Before, c.After, c),
        RemoveUser c => current.Users.ContainsKey(c.Name),
        RenameUser c => Renamed(current.Users, c.Name, c.NewName, c.Before, c.After, c, () => RuleBook.Default.Require(current, c)),
        AddGroup c => Added(current.Groups, c.Group.Name, c.Group, c, () => RuleBook.Default.Require(current, c)),
        UpdateGroup c => Updated(current.Groups, c.Name, c.Before, c.After, c),
        RemoveGroup c => current.Groups.ContainsKey(c.Name),
        RenameGroup c => Renamed(current.Groups, c.Name, c.NewName, c.Before, c.After, c, () => RuleBook.Default.Require(current, c)),
        AddMember c => MemberStillAddable(current, c),
        RemoveMember c => current.MembersOf(c.Group).Contains(c.Member),
        AddGrant c => GrantStillAddable(current, c),
        RemoveGrant c => current.GrantsOf(c.Subject).Contains(c.Permission),
        AddPolicy c => PolicyStillAddable(current, c),
        UpdatePolicy c => PolicyStillUpdatable(current, c),
        RemovePolicy c => current.PolicyIndexOf(c.Resource) >= 0,
        _ => throw new UnreachableException($"No staleness check for the change kind {change.GetType().Name}."),
    };

    /// <summary>An added record's name must still be free, unless the same record is already there.</summary>
    private static bool Added<T>(IReadOnlyDictionary<string, T> records, string name, T added, Change change, Action checkNewName) where T : class
    {
        if (records.TryGetValue(name, out var now) && Equals(now, added)) return false;
        Guard(change, name, checkNewName);
        return true;
    }

    /// <summary>An updated record must be as it was read, unless the update is already there.</summary>
    private static bool Updated<T>(IReadOnlyDictionary<string, T> records, string name, T before, T after, Change change) where T : class
    {
        var exists = records.TryGetValue(name, out var now);
        if (exists && Equals(now, after)) return false;
        if (!exists || !Equals(now, before))
            throw Conflict(change, exists ? $"{name} was changed by someone else since this command read it" : $"{name} no longer exists", name);
        return true;
    }

    /// <summary>
    /// A renamed record must be as it was read and its new name still free, unless the rename is already there (the
    /// old name gone, the record under the new one).
    /// </summary>
    private static bool Renamed<T>(IReadOnlyDictionary<string, T> records, string name, string newName, T before, T after, Change change, Action checkNewName)
        where T : class
    {
        if (!records.ContainsKey(name) && records.TryGetValue(newName, out var renamed) && Equals(renamed, after)) return false;
        var exists = records.TryGetValue(name, out var now);
        if (!exists || !Equals(now, before))
            throw Conflict(change, exists ? $"{name} was changed by someone else since this command read it" : $"{name} no longer exists", name);
        Guard(change, newName, checkNewName);
        return true;
    }

    // Whether the group, the member and the permission still exist and no cycle closes is the rule book's to say.
    private static bool MemberStillAddable(PermissionState current, AddMember change)
    {
        if (current.MembersOf(change.Group).Contains(change.Member)) return false;
        Guard(change, change.Member, () => RuleBook.Default.Require(current, change));
        return true;
    }

    private static bool GrantStillAddable(PermissionState current, AddGrant change)
    {
        if (current.GrantsOf(change.Subject).Contains(change.Permission)) return false;
        Guard(change, change.Permission, () => RuleBook.Default.Require(current, change));
        return true;
    }

    /// <summary>A section added meanwhile by someone else is a conflict, unless it is this very section.</summary>
    private static bool PolicyStillAddable(PermissionState current, AddPolicy change)
    {
        var at = current.PolicyIndexOf(change.Resource);
        if (at < 0) return true;
        if (current.Policies[at].Equals(change.Section)) return false;
        throw Conflict(change, $"a section for {change.Resource} was added by someone else since this command read the store", change.Resource);
    }

    /// <summary>An updated section must be as it was read, unless the update is already there.</summary>
    private static bool PolicyStillUpdatable(PermissionState current, UpdatePolicy change)
    {
        var at = current.PolicyIndexOf(change.Resource);
        if (at >= 0 && current.Policies[at].Equals(change.After)) return false;
        if (at < 0 || !current.Policies[at].Equals(change.Before))
            throw Conflict(change, at < 0 ? $"the section {change.Resource} no longer exists" : $"the section {change.Resource} was changed by someone else since this command read it", change.Resource);
        return true;
    }

    private static void Guard(Change change, string name, Action check)
    {
        try
        {
            check();
        }
        catch (PermShellException e)
        {
            throw Conflict(change, e.Message.TrimEnd('.'), name, e);
        }
    }

    private static PermShellException Conflict(Change change, string reason, string target, Exception? inner = null) =>
        new("PermShell.Store.Conflict", ProblemKind.InvalidOperation,
            $"Nothing was written: another session changed the store while this command ran ({change}: {reason}). Run the command again; it will see the store as it is now.",
            target, inner);
}
