namespace PermShell.Core.Engine;

/// <summary>
/// A breadth-first search from one node that keeps, for every node reached, its depth and its predecessor
/// on a shortest path. Each layer is expanded in the given order of ids (subjects: by name, <see cref="SubjectIndex.Order"/>;
/// permissions: ascending ids, which are in name order) and the first predecessor wins, so the predecessor is the
/// first name among the candidates one layer closer: chains are deterministic. Iterative, so a 10,000-deep group
/// chain is no problem.
/// </summary>
internal sealed class ShortestPaths
{
    private readonly int _start;
    private readonly Dictionary<int, (int Parent, int Depth)> _steps = new();
    private readonly List<int> _reached = new();

    private ShortestPaths(int start) => _start = start;

    public static ShortestPaths From(int start, Func<int, int[]> next, IComparer<int>? order = null)
    {
        var paths = new ShortestPaths(start);
        var layer = new List<int> { start };
        for (var depth = 1; layer.Count > 0; depth++)
        {
            var nextLayer = new List<int>();
            foreach (var node in layer)
            {
                foreach (var neighbour in next(node))
                {
                    if (neighbour == start || !paths._steps.TryAdd(neighbour, (node, depth))) continue;
                    nextLayer.Add(neighbour);
                }
            }
            nextLayer.Sort(order);
            paths._reached.AddRange(nextLayer);
            layer = nextLayer;
        }
        return paths;
    }

    /// <summary>Every node reached, start excluded, by depth and then in the order given.</summary>
    public IReadOnlyList<int> Reached => _reached;

    public bool Contains(int node) => _steps.ContainsKey(node);

    public int DepthOf(int node) => _steps[node].Depth;

    public int ParentOf(int node) => _steps[node].Parent;

    /// <summary>The nodes after the start up to and including <paramref name="node"/>.</summary>
    public int[] ChainTo(int node)
    {
        var chain = new int[_steps[node].Depth];
        for (var i = chain.Length - 1; i >= 0; i--)
        {
            chain[i] = node;
            node = _steps[node].Parent;
        }
        return chain;
    }
}
