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
    public static bool StillApplies(PermissionState current, Change change) => change.Kind switch
    {
        ChangeKind.Permission => Record(current.Permissions, change, () => SubjectChecks.CheckNewPermission(current, change.Subject)),
        ChangeKind.User => Record(current.Users, change, () => SubjectChecks.CheckNewSubject(current, change.Subject)),
        ChangeKind.Group => Record(current.Groups, change, () => SubjectChecks.CheckNewSubject(current, change.Subject)),
        ChangeKind.Member => Membership(current, change),
        ChangeKind.Grant => Grant(current, change),
        _ => throw new ArgumentOutOfRangeException(nameof(change), change.Kind, null),
    };

    /// <summary>An added record's name must still be free; an updated one must be as it was read.</summary>
    private static bool Record<T>(Dictionary<string, T> records, Change change, Action checkNewName) where T : class
    {
        var exists = records.TryGetValue(change.Subject, out var now);
        switch (change.Action)
        {
            case ChangeAction.Remove:
                return exists;
            case ChangeAction.Add when exists && Equals(now, change.After):
                return false;
            case ChangeAction.Add:
                Guard(change, checkNewName);
                return true;
            default:
                if (exists && Equals(now, change.After)) return false;
                if (!exists || !Equals(now, change.Before))
                    throw Conflict(change, exists
                        ? $"{change.Subject} was changed by someone else since this command read it"
                        : $"{change.Subject} no longer exists");
                return true;
        }
    }

    private static bool Membership(PermissionState current, Change change)
    {
        var present = current.MembersOf(change.Subject).Contains(change.Target);
        if (change.Action == ChangeAction.Remove) return present;
        if (present) return false;
        if (!current.Groups.ContainsKey(change.Subject)) throw Conflict(change, $"the group {change.Subject} no longer exists");
        if (current.KindOf(change.Target) is null) throw Conflict(change, $"{change.Target} no longer exists");
        var cycle = Engine.MembershipPaths.Cycle(current, change.Subject, change.Target);
        if (cycle is not null) throw Conflict(change, $"adding it now would close a membership cycle: {string.Join(" > ", cycle)}");
        return true;
    }

    private static bool Grant(PermissionState current, Change change)
    {
        var present = current.GrantsOf(change.Subject).Contains(change.Target);
        if (change.Action == ChangeAction.Remove) return present;
        if (present) return false;
        if (current.KindOf(change.Subject) is null) throw Conflict(change, $"{change.Subject} no longer exists");
        if (!current.Permissions.ContainsKey(change.Target)) throw Conflict(change, $"the permission {change.Target} no longer exists");
        return true;
    }

    private static void Guard(Change change, Action check)
    {
        try
        {
            check();
        }
        catch (PermShellException e)
        {
            throw Conflict(change, e.Message.TrimEnd('.'), e);
        }
    }

    private static PermShellException Conflict(Change change, string reason, Exception? inner = null) =>
        new("PermShell.Store.Conflict", ProblemKind.InvalidOperation,
            $"Nothing was written: another session changed the store while this command ran ({change}: {reason}). Run the command again; it will see the store as it is now.",
            change.Target.Length == 0 ? change.Subject : change.Target, inner);
}
