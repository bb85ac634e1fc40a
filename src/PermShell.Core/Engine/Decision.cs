namespace PermShell.Core.Engine;

/// <summary>
/// The answer to "does the subject hold the permission, and why": when allowed, every route that gives it (in
/// <see cref="RouteOrder"/>); when denied, the reasons. Immutable. Made by <see cref="PermissionSnapshot.Decide"/>;
/// commands only format it. The routes are traced when first read: a check that only needs the answer stays a bit
/// test.
/// </summary>
public sealed class Decision
{
    private readonly Lazy<IReadOnlyList<Route>> _routes;

    private Decision(string subject, string permission, Lazy<IReadOnlyList<Route>> routes, IReadOnlyList<DenialReason> reasons)
    {
        Subject = subject;
        Permission = permission;
        _routes = routes;
        Reasons = reasons;
    }

    internal static Decision Allow(string subject, string permission, Func<List<Route>> traceRoutes) =>
        new(subject, permission, new Lazy<IReadOnlyList<Route>>(() => traceRoutes().AsReadOnly()), []);

    internal static Decision Deny(string subject, string permission, params DenialReason[] reasons) =>
        new(subject, permission, NoRoutes, Array.AsReadOnly(reasons));

    private static readonly Lazy<IReadOnlyList<Route>> NoRoutes = new(Array.Empty<Route>());

    public string Subject { get; }
    public string Permission { get; }

    /// <summary>The resource asked about (a normalised descriptor, see <see cref="ResourceDescriptor"/>); null for a store-wide check.</summary>
    public string? Resource { get; private init; }

    /// <summary>This decision, about <paramref name="resource"/>.</summary>
    internal Decision On(string resource) => new(Subject, Permission, _routes, Reasons) { Resource = resource };

    /// <summary>Whether the subject holds the permission by at least one route.</summary>
    public bool Allowed => Reasons.Count == 0;

    /// <summary>Every route that gives the permission; empty when denied.</summary>
    public IReadOnlyList<Route> Routes => _routes.Value;

    /// <summary>Why the subject does not hold the permission; empty when allowed. Unknown names, if any, come alone, subject first.</summary>
    public IReadOnlyList<DenialReason> Reasons { get; }

    /// <summary>The names of the question that do not exist (the subject first); empty when both do.</summary>
    public IEnumerable<DenialReason.UnknownName> UnknownNames => Reasons.OfType<DenialReason.UnknownName>();

    /// <summary>"bob does not hold WIKI_ADMIN: …the reasons…", or "bob holds WIKI_VIEW: …the routes' paths…".</summary>
    public string Summary => Allowed
        ? $"{Subject} holds {Permission}{On()}: {PathsOf(Routes)}."
        : $"{Subject} does not hold {Permission}{On()}: {string.Join(" ", Reasons.Select(r => r.Text))}";

    private string On() => Resource is null ? "" : $" on {Resource}";

    public override string ToString() => Summary;

    /// <summary>The routes' paths as every message shows them: "bob &gt; developer : WIKI_VIEW; bob : WIKI_ADMIN =&gt; WIKI_VIEW".</summary>
    public static string PathsOf(IEnumerable<Route> routes) => string.Join("; ", routes.Select(r => r.Path));
}
