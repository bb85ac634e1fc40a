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
    public required string Path { get => _path ??= _pathOnRead.Text(); init => _path = value; }
    /// <summary>The resource of a resource audit (Trac's descriptor, completed); empty for the store-wide audit.</summary>
    public string Resource { get; init; } = "";

    // A row of the audit of one permission keeps its Path as ids until it is read (see RoutePath); records equal by their properties.
    private string? _path;
    private readonly Core.Engine.RoutePath _pathOnRead;

    public AuditEntry()
    {
    }

    // Path is not set here: it is written from the route's ids on first read.
#pragma warning disable CS8618
    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    internal AuditEntry(string permission, string user, RouteKind route, string via, Core.Engine.RoutePath path)
    {
        Permission = permission;
        User = user;
        Route = route;
        Via = via;
        _pathOnRead = path;
    }
#pragma warning restore CS8618

    public bool Equals(AuditEntry? other) =>
        other is not null && Permission == other.Permission && User == other.User && Route == other.Route && Via == other.Via
        && Path == other.Path && Resource == other.Resource;

    public override int GetHashCode() => HashCode.Combine(Permission, User, Route, Via, Path, Resource);

    internal static AuditEntry From(Route route) => new()
    {
        Permission = route.Permission, User = route.Subject, Route = route.Kind, Via = route.Via, Path = route.Path,
    };

    public override string ToString() => Path;
}
