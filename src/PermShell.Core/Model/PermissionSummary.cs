namespace PermShell;

/// <summary>
/// One row of the audit overview (Alliance Auth's permissions overview, plus what resolution adds). Users and
/// Groups count direct grants; GroupUsers counts the users inside those groups, at any depth and whether active
/// or not (Alliance Auth counts group members regardless); EffectiveUsers counts the active users who hold the
/// permission by any route, superusers included.
/// </summary>
public sealed record PermissionSummary
{
    public required string Permission { get; init; }
    public string App { get; init; } = "";
    public string Model { get; init; } = "";
    public string CodeName { get; init; } = "";
    public string Description { get; init; } = "";
    /// <summary>Users granted the permission directly (inactive ones too).</summary>
    public int Users { get; init; }
    /// <summary>Groups granted the permission directly.</summary>
    public int Groups { get; init; }
    /// <summary>Distinct users who belong, transitively, to at least one of those groups (inactive ones too).</summary>
    public int GroupUsers { get; init; }
    /// <summary>Distinct active users who hold the permission by any route.</summary>
    public int EffectiveUsers { get; init; }
    /// <summary>Whether anonymous holds it: everyone, signed in or not, has it.</summary>
    public bool Anonymous { get; init; }
    /// <summary>Whether authenticated holds it: every signed-in user has it.</summary>
    public bool Authenticated { get; init; }

    public override string ToString() => Permission;
}
