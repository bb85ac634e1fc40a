namespace PermShell.Core.Engine;

/// <summary>
/// The subjects granted each permission directly, in name order: the reverse of <see cref="SubjectIndex.GrantsOf"/>,
/// so that the audit of one permission starts from its few grants instead of reading every subject's. Built in one
/// pass over the grants (two flat arrays, one slice per permission) the first time a snapshot's audit needs it.
/// </summary>
internal sealed class GrantHolders
{
    private readonly int[] _start;
    private readonly int[] _subjects;

    public GrantHolders(SubjectIndex subjects, int permissionCount)
    {
        // Counts per permission, then each permission's slice filled in the subjects' name order.
        var start = new int[permissionCount + 1];
        foreach (var subject in subjects.InNameOrder)
            foreach (var granted in subjects.GrantsOf(subject)) start[granted + 1]++;
        for (var p = 0; p < permissionCount; p++) start[p + 1] += start[p];
        var next = start[..permissionCount];
        _subjects = new int[start[permissionCount]];
        foreach (var subject in subjects.InNameOrder)
            foreach (var granted in subjects.GrantsOf(subject)) _subjects[next[granted]++] = subject;
        _start = start;
    }

    /// <summary>The subjects granted <paramref name="permission"/> directly, in name order.</summary>
    public ReadOnlySpan<int> Of(int permission) => _subjects.AsSpan(_start[permission], _start[permission + 1] - _start[permission]);
}
