namespace PermShell.Core.Engine;

/// <summary>
/// Which catalog permissions each permission implies. Patterns are matched against the catalog once;
/// a permission never implies itself through its own entries (TRAC_ADMIN's '*' means every other
/// permission), and exact names outside the catalog are ignored. Closures and chains are computed on
/// first use and kept, so a snapshot pays only for the permissions its questions touch.
/// </summary>
internal sealed class ImplicationGraph
{
    private readonly int[][] _implies;
    private readonly BitSet?[] _closures;
    private readonly ShortestPaths?[] _chains;

    public ImplicationGraph(NameTable permissions, IReadOnlyDictionary<string, PermissionDefinition> definitions)
    {
        _implies = new int[permissions.Count][];
        _closures = new BitSet?[permissions.Count];
        _chains = new ShortestPaths?[permissions.Count];
        for (var id = 0; id < permissions.Count; id++)
            _implies[id] = DirectlyImplied(id, definitions[permissions[id]].Implies, permissions);
    }

    /// <summary>Every permission <paramref name="id"/> implies transitively, itself excluded.</summary>
    public BitSet Closure(int id)
    {
        var closure = Volatile.Read(ref _closures[id]);
        if (closure is not null) return closure;

        closure = new BitSet(_implies.Length);
        foreach (var implied in ChainsFrom(id).Reached) closure.Add(implied);
        // Two threads may both compute it; the results are equal, so whichever lands is fine.
        Volatile.Write(ref _closures[id], closure);
        return closure;
    }

    /// <summary>The permissions <paramref name="id"/> names in its own Implies, ascending (one step, no closure).</summary>
    public int[] Implies(int id) => _implies[id];

    /// <summary>Shortest implication chains from <paramref name="id"/> to everything it implies (searched on first use, then kept).</summary>
    public ShortestPaths ChainsFrom(int id)
    {
        var chains = Volatile.Read(ref _chains[id]);
        if (chains is not null) return chains;
        chains = ShortestPaths.From(id, next => _implies[next]);
        // As for closures: racing threads find equal chains.
        Volatile.Write(ref _chains[id], chains);
        return chains;
    }

    private static int[] DirectlyImplied(int id, IReadOnlyList<string> entries, NameTable permissions)
    {
        var implied = new HashSet<int>();
        foreach (var entry in entries)
        {
            if (!ImplicationPattern.IsPattern(entry))
            {
                if (permissions.TryGetId(entry, out var exact)) implied.Add(exact);
                continue;
            }
            for (var other = 0; other < permissions.Count; other++)
                if (ImplicationPattern.Matches(entry, permissions[other])) implied.Add(other);
        }
        var sorted = implied.ToArray();
        Array.Sort(sorted);
        return sorted;
    }
}
