namespace PermShell;

/// <summary>What a subject name stands for. Virtual subjects are anonymous and authenticated.</summary>
public enum SubjectKind
{
    User,
    Group,
    Virtual,
}

/// <summary>What kind of subject a group member is. Virtual members are anonymous and authenticated.</summary>
public enum MemberKind
{
    User,
    Group,
    Virtual,
}
