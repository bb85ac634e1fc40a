namespace PermShell;

/// <summary>A named set of users and groups; what is granted to it is granted to every member.</summary>
public sealed record Group
{
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    /// <summary>Direct members (users and groups); filled in when the group is read from a store.</summary>
    public int MemberCount { get; init; }

    public override string ToString() => Name;
}
