namespace PermShell.Core.Engine;

/// <summary>
/// The subjects granted each permission directly: the reverse of <see cref="SubjectIndex.GrantsOf"/>, so that the
/// audit of one permission starts from its few grants instead of reading every subject's. Built in one pass over the
/// grants the first time a snapshot needs it, then derived with each snapshot after a commit (<see cref="With"/>),
/// which copies only the lists of the permissions whose grants changed. Each list is a set: in no particular order.
/// </summary>
internal sealed class GrantHolders
{
    private readonly int[][] _byPermission;

    public GrantHolders(SubjectIndex subjects, int permissionCount)
    {
        var counts = new int[permissionCount];
        foreach (var subject in subjects.InNameOrder)
            foreach (var granted in subjects.GrantsOf(subject)) counts[granted]++;
        _byPermission = new int[permissionCount][];
        for (var p = 0; p < permissionCount; p++) _byPermission[p] = counts[p] == 0 ? [] : new int[counts[p]];
        Array.Clear(counts);
        foreach (var subject in subjects.InNameOrder)
            foreach (var granted in subjects.GrantsOf(subject)) _byPermission[granted][counts[granted]++] = subject;
    }

    private GrantHolders(int[][] byPermission) => _byPermission = byPermission;

    /// <summary>The subjects granted <paramref name="permission"/> directly.</summary>
    public ReadOnlySpan<int> Of(int permission) => _byPermission[permission];

    /// <summary>
    /// These lists after a derivation from <paramref name="before"/> to <paramref name="after"/> that replaced the
    /// grants of <paramref name="changed"/> (subjects whose grants changed, removed subjects, added ones): each
    /// permission gained or lost by one of them gets a new list, every other list is shared.
    /// </summary>
    public GrantHolders With(SubjectIndex before, SubjectIndex after, IEnumerable<int> changed)
    {
        var gained = new Dictionary<int, List<int>>();
        var lost = new Dictionary<int, HashSet<int>>();
        void Gain(int permission, int subject) => (gained.TryGetValue(permission, out var list) ? list : gained[permission] = []).Add(subject);
        void Lose(int permission, int subject) => (lost.TryGetValue(permission, out var set) ? set : lost[permission] = []).Add(subject);
        foreach (var subject in changed.Distinct())
        {
            // Both rows ascending; an id added by the derivation has no row before.
            var old = subject < before.IdCount ? before.GrantsOf(subject) : [];
            var now = after.GrantsOf(subject);
            int i = 0, j = 0;
            while (i < old.Length || j < now.Length)
            {
                if (j == now.Length || (i < old.Length && old[i] < now[j])) Lose(old[i++], subject);
                else if (i == old.Length || now[j] < old[i]) Gain(now[j++], subject);
                else
                {
                    i++;
                    j++;
                }
            }
        }
        if (gained.Count == 0 && lost.Count == 0) return this;
        var lists = (int[][])_byPermission.Clone();
        foreach (var permission in gained.Keys.Union(lost.Keys))
        {
            var kept = lost.TryGetValue(permission, out var gone) ? lists[permission].Where(s => !gone.Contains(s)) : lists[permission];
            lists[permission] = [.. kept, .. gained.TryGetValue(permission, out var added) ? added : []];
        }
        return new GrantHolders(lists);
    }
}
