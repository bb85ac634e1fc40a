namespace PermShell;

/// <summary>What Get-PermissionStore shows: where a store is and what it holds.</summary>
public sealed record StoreInfo
{
    public required string Path { get; init; }
    public int SchemaVersion { get; init; }
    public int Permissions { get; init; }
    public int Users { get; init; }
    public int Groups { get; init; }
    public int Grants { get; init; }
    public int Memberships { get; init; }
    public bool IsDefault { get; init; }
    public long Revision { get; init; }
    /// <summary>Whether changes and reads are held to the actor's rights (Set-PermissionStore -Enforce, SPEC §5).</summary>
    public bool IsEnforced { get; init; }

    public override string ToString() => Path;
}
