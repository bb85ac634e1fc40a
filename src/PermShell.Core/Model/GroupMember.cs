namespace PermShell;

/// <summary>A member of a group. Depth 1 is a direct member; deeper members arrive through Via.</summary>
public sealed record GroupMember(string Group, string Member, MemberKind MemberKind, int Depth, string Via)
{
    public override string ToString() => $"{Group} > {Member}";
}
