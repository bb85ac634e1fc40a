namespace PermShell;

/// <summary>One permission given to one subject, as stored.</summary>
public sealed record Grant(string Subject, SubjectKind SubjectKind, string Permission)
{
    public override string ToString() => $"{Subject}: {Permission}";
}
