namespace PermShell.Core.Manifest;

/// <summary>
/// The policy part of a manifest plan. Sync makes the store's ordered list of sections exactly the manifest's;
/// Merge gives each section the manifest lists its entries (in its place) and appends the sections the store lacks,
/// in the manifest's order, leaving the others where they are. The changes: first the removals (sections not
/// wanted, and sections that must move), then the updates of sections that stay in place, then the additions,
/// each at its final position in ascending order, so every insert lands where the target list has it.
/// </summary>
internal static class PolicyPlan
{
    public static IReadOnlyList<PolicySection> Target(IReadOnlyList<PolicySection> current, IReadOnlyList<ManifestPolicy> desired, ManifestMode mode)
    {
        var listed = desired.Select(p => p.ToSection()).ToList();
        if (mode == ManifestMode.Sync) return listed;
        var byResource = listed.ToDictionary(s => s.Resource, StringComparer.Ordinal);
        var target = current.Select(s => byResource.GetValueOrDefault(s.Resource) ?? s).ToList();
        target.AddRange(listed.Where(s => current.All(c => c.Resource != s.Resource)));
        return target;
    }

    public static IEnumerable<Change> Changes(IReadOnlyList<PolicySection> current, IReadOnlyList<PolicySection> target)
    {
        var at = current.Select((s, i) => (s.Resource, i)).ToDictionary(p => p.Resource, p => p.i, StringComparer.Ordinal);
        var kept = new HashSet<string>(StringComparer.Ordinal);
        var last = -1;
        // A section stays in place while the ones kept so far keep the store's order; any other is removed and added again.
        foreach (var section in target)
            if (at.TryGetValue(section.Resource, out var i) && i > last)
            {
                kept.Add(section.Resource);
                last = i;
            }
        var removals = current.Where(s => !kept.Contains(s.Resource)).Select(s => (Change)new RemovePolicy(s));
        var updates = target.Where(s => kept.Contains(s.Resource) && !s.Equals(current[at[s.Resource]]))
            .Select(s => (Change)new UpdatePolicy(current[at[s.Resource]], s));
        var additions = target.Select((s, i) => (s, i)).Where(p => !kept.Contains(p.s.Resource)).Select(p => (Change)new AddPolicy(p.s, p.i));
        return removals.Concat(updates).Concat(additions).ToList();
    }
}
