namespace PermShell.Core.Engine;

/// <summary>
/// The answer to "does the subject hold the permission, and why": when allowed, every route that gives it (in
/// <see cref="RouteOrder"/>); when denied, the reasons. Immutable. Made by <see cref="PermissionSnapshot.Decide"/>;
/// commands only format it.
/// </summary>
public sealed class Decision
{
    private Decision(string subject, string permission, IReadOnlyList<Route> routes, IReadOnlyList<DenialReason> reasons)
    {
        Subject = subject;
        Permission = permission;
        Routes = routes;
        Reasons = reasons;
    }

    internal static Decision Allow(string subject, string permission, List<Route> routes) =>
        new(subject, permission, routes.AsReadOnly(), []);

    internal static Decision Deny(string subject, string permission, params DenialReason[] reasons) =>
        new(subject, permission, [], Array.AsReadOnly(reasons));

    public string Subject { get; }
    public string Permission { get; }

    /// <summary>Whether the subject holds the permission by at least one route.</summary>
    public bool Allowed => Reasons.Count == 0;

    /// <summary>Every route that gives the permission; empty when denied.</summary>
    public IReadOnlyList<Route> Routes { get; }

    /// <summary>Why the subject does not hold the permission; empty when allowed. Unknown names, if any, come alone, subject first.</summary>
    public IReadOnlyList<DenialReason> Reasons { get; }

    /// <summary>The names of the question that do not exist (the subject first); empty when both do.</summary>
    public IEnumerable<DenialReason.UnknownName> UnknownNames => Reasons.OfType<DenialReason.UnknownName>();

    /// <summary>"bob does not hold WIKI_ADMIN: …the reasons…", or "bob holds WIKI_VIEW: …the routes' paths…".</summary>
    public string Summary => Allowed
        ? $"{Subject} holds {Permission}: {string.Join("; ", Routes.Select(r => r.Path))}."
        : $"{Subject} does not hold {Permission}: {string.Join(" ", Reasons.Select(r => r.Text))}";

    public override string ToString() => Summary;
}
