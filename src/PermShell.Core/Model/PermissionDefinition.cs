namespace PermShell;

/// <summary>A permission in the catalog: Trac style (TICKET_VIEW) or Django style (auth.change_user).</summary>
public sealed record PermissionDefinition
{
    public required string Name { get; init; }
    public string App { get; init; } = "";
    public string Model { get; init; } = "";
    public string CodeName { get; init; } = "";
    public string Description { get; init; } = "";
    /// <summary>Permission names or wildcard patterns (TICKET_*, *) this permission includes.</summary>
    public IReadOnlyList<string> Implies { get => _implies; init => _implies = TextList<string>.Of(value, ", "); }

    private readonly IReadOnlyList<string> _implies = TextList<string>.Of(Array.Empty<string>(), ", ");

    /// <summary>Django admin's display form: App | Model | Description.</summary>
    public string Display => string.Join(" | ", new[] { App, Model, Description }.Where(s => s.Length > 0));

    public override string ToString() => Name;

    public bool Equals(PermissionDefinition? other) =>
        other is not null && Name == other.Name && App == other.App && Model == other.Model &&
        CodeName == other.CodeName && Description == other.Description && Implies.SequenceEqual(other.Implies);

    public override int GetHashCode() => HashCode.Combine(Name, App, Model, CodeName, Description, Implies.Count);
}
