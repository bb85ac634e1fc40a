namespace PermShell.Core.Engine;

/// <summary>
/// The order routes are reported in: Superuser, Direct, Anonymous, Authenticated, Group, Implied, then by
/// Path (ordinal). Strongest reason first, and the same answer twice gives the same listing.
/// </summary>
internal sealed class RouteOrder : IComparer<Route>
{
    public static readonly RouteOrder Instance = new();

    public int Compare(Route? x, Route? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var byKind = Rank(x.Kind).CompareTo(Rank(y.Kind));
        return byKind != 0 ? byKind : string.CompareOrdinal(x.Path, y.Path);
    }

    /// <summary>The place of a kind in the order: a smaller rank is a stronger reason.</summary>
    public static int Rank(RouteKind kind) => kind switch
    {
        RouteKind.Superuser => 0,
        RouteKind.Policy => 0,
        RouteKind.Direct => 1,
        RouteKind.Anonymous => 2,
        RouteKind.Authenticated => 3,
        RouteKind.Group => 4,
        _ => 5,
    };
}
