namespace PermShell;

/// <summary>A person or service account that can hold permissions.</summary>
public sealed record User
{
    public required string Name { get; init; }
    public string DisplayName { get; init; } = "";
    public string Email { get; init; } = "";
    public bool IsActive { get; init; } = true;
    public bool IsSuperuser { get; init; }

    public override string ToString() => Name;
}
