namespace PermShell.Core.Manifest;

/// <summary>A name written in a manifest list (grants, members, implies), with where it is written.</summary>
/// <remarks>
/// The place is kept as its three parts and <see cref="Location"/> is made when asked for: a whole-store manifest
/// names hundreds of thousands of grants and members, and an object per place held 20 MiB through the import.
/// </remarks>
public sealed record ManifestName
{
    private readonly string _file;
    private readonly int _line;
    private readonly int _column;

    public ManifestName(string value, SourceLocation location)
    {
        Value = value;
        (_file, _line, _column) = (location.File, location.Line, location.Column);
    }

    public string Value { get; }

    public SourceLocation Location => new(_file, _line, _column);

    public override string ToString() => Value;
}

/// <summary>
/// One entry of a manifest section. <see cref="Location"/> is where its name is written. A null field was not stated:
/// Merge keeps the stored value, Sync uses the default.
/// </summary>
public abstract record ManifestEntry
{
    public required string Name { get; init; }
    public required SourceLocation Location { get; init; }

    /// <summary>The same definition, wherever it is written (lists compare as sets).</summary>
    public abstract bool SameDefinition(ManifestEntry other);

    private protected static bool SameNames(IReadOnlyList<ManifestName>? a, IReadOnlyList<ManifestName>? b) =>
        a is null || b is null
            ? a is null && b is null
            : a.Select(n => n.Value).ToHashSet(StringComparer.Ordinal).SetEquals(b.Select(n => n.Value));

    public override string ToString() => Name;
}

/// <summary>An entry of <c>permissions:</c>.</summary>
public sealed record ManifestPermission : ManifestEntry
{
    public string? App { get; init; }
    public string? Model { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<ManifestName>? Implies { get; init; }

    public override bool SameDefinition(ManifestEntry other) =>
        other is ManifestPermission p && p.Name == Name && p.App == App && p.Model == Model
        && p.Description == Description && SameNames(p.Implies, Implies);
}

/// <summary>An entry of <c>users:</c>.</summary>
public sealed record ManifestUser : ManifestEntry
{
    public string? DisplayName { get; init; }
    public string? Email { get; init; }
    public bool? Active { get; init; }
    public bool? Superuser { get; init; }
    public IReadOnlyList<ManifestName>? Grants { get; init; }

    public override bool SameDefinition(ManifestEntry other) =>
        other is ManifestUser u && u.Name == Name && u.DisplayName == DisplayName && u.Email == Email
        && u.Active == Active && u.Superuser == Superuser && SameNames(u.Grants, Grants);
}

/// <summary>An entry of <c>groups:</c>; for anonymous and authenticated only <see cref="Grants"/> is ever set.</summary>
public sealed record ManifestGroup : ManifestEntry
{
    public string? Description { get; init; }
    public IReadOnlyList<ManifestName>? Members { get; init; }
    public IReadOnlyList<ManifestName>? Grants { get; init; }

    public bool IsVirtual => PermissionState.IsVirtual(Name);

    public override bool SameDefinition(ManifestEntry other) =>
        other is ManifestGroup g && g.Name == Name && g.Description == Description
        && SameNames(g.Members, Members) && SameNames(g.Grants, Grants);
}

/// <summary>
/// An entry of <c>policies:</c>: a resource-policy section. <see cref="ManifestEntry.Name"/> is its resource pattern;
/// <see cref="Rules"/> its entries in Trac's form (<c>john = WIKI_VIEW, !WIKI_MODIFY</c>), in order.
/// </summary>
public sealed record ManifestPolicy : ManifestEntry
{
    public required IReadOnlyList<ManifestName> Rules { get; init; }

    /// <summary>The section it asks for; entries without '=' (reported when read) are left out.</summary>
    public PolicySection ToSection() =>
        new(Name, Rules.Select(r => PolicyRule.Parse(r.Value)).OfType<PolicyRule>().ToArray());

    // Order matters in a policy: the same entries in another order are another section.
    public override bool SameDefinition(ManifestEntry other) =>
        other is ManifestPolicy p && p.Name == Name && p.Rules.Select(r => r.Value).SequenceEqual(Rules.Select(r => r.Value), StringComparer.Ordinal);
}
