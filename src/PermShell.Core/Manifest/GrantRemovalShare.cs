namespace PermShell.Core.Manifest;

/// <summary>
/// How many of a store's grants a plan takes away, counting those a removed user, group or permission takes with
/// it: a Sync that would empty most of a store is more likely a wrong manifest than a wish.
/// </summary>
public static class GrantRemovalShare
{
    public static (int Removed, int Total) Of(PermissionState state, IReadOnlyList<Change> plan)
    {
        var removed = new HashSet<(string Subject, string Permission)>();
        foreach (var change in plan)
        {
            switch (change)
            {
                case RemoveGrant g:
                    removed.Add((g.Subject, g.Permission));
                    break;
                case RemoveUser u:
                    foreach (var p in state.GrantsOf(u.Before.Name)) removed.Add((u.Before.Name, p));
                    break;
                case RemoveGroup g:
                    foreach (var p in state.GrantsOf(g.Before.Name)) removed.Add((g.Before.Name, p));
                    break;
                case RemovePermission p:
                    foreach (var (subject, grants) in state.Grants)
                        if (grants.Contains(p.Before.Name)) removed.Add((subject, p.Before.Name));
                    break;
            }
        }
        return (removed.Count, state.Grants.Sum(g => g.Value.Count));
    }

    /// <summary>True when the plan removes more than half of the store's grants.</summary>
    public static bool IsMost((int Removed, int Total) share) => share.Removed * 2 > share.Total && share.Removed > 0;
}
