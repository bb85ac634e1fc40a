namespace PermShell;

/// <summary>
/// One route by which one user holds one permission: a row of Alliance Auth's per-permission audit, with the
/// route explained. A user appears once per route, so several times when several routes give the permission.
/// </summary>
public sealed record AuditEntry
{
    public required string Permission { get; init; }
    public required string User { get; init; }
    /// <summary>The route's kind: Superuser, Direct, Anonymous, Authenticated, Group, Implied, or Policy (a resource-policy entry).</summary>
    public required RouteKind Route { get; init; }
    /// <summary>The group or the implying permission the route passes through.</summary>
    public string Via { get; init; } = "";
    /// <summary>The whole chain: <c>bob &gt; developer &gt; staff : TICKET_ADMIN =&gt; TICKET_VIEW</c>.</summary>
    public required string Path { get; init; }
    /// <summary>The resource of a resource audit (Trac's descriptor, completed); empty for the store-wide audit.</summary>
    public string Resource { get; init; } = "";

    internal static AuditEntry From(Route route) => new()
    {
        Permission = route.Permission, User = route.Subject, Route = route.Kind, Via = route.Via, Path = route.Path,
    };

    public override string ToString() => Path;
}
