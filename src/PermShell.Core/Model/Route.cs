namespace PermShell;

/// <summary>How a subject came to hold a permission.</summary>
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))] // ConvertTo-Json writes the name, not the number (pwsh serialises with Newtonsoft.Json)
public enum RouteKind
{
    Direct,
    Group,
    Anonymous,
    Authenticated,
    Implied,
    Superuser,
    /// <summary>A resource-policy entry grants it (Via names the section, Path the entry).</summary>
    Policy,
}

/// <summary>
/// One reason a subject holds a permission. Via names the group or the implying permission the route
/// passes through; Path is the whole chain in one readable string
/// (<c>bob &gt; developer &gt; staff : TICKET_ADMIN =&gt; TICKET_VIEW</c>).
/// </summary>
public sealed record Route
{
    public required string Subject { get; init; }
    public required string Permission { get; init; }
    public required RouteKind Kind { get; init; }
    public string Via { get; init; } = "";
    public required string Path { get; init; }
    /// <summary>Groups from the subject outward to the group holding the grant (Group routes and routes implied from them).</summary>
    public IReadOnlyList<string> Groups { get => _groups; init => _groups = TextList<string>.Of(value, " > "); }

    private readonly IReadOnlyList<string> _groups = TextList<string>.Of(Array.Empty<string>(), " > ");
    /// <summary>The permission actually granted (equal to Permission unless the route is Implied).</summary>
    public string Granted { get; init; } = "";
    /// <summary>For Implied routes: the route that gave the implying permission.</summary>
    public Route? Source { get; init; }

    public override string ToString() => Path;
}
