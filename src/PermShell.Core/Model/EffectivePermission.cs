namespace PermShell;

/// <summary>A permission a subject holds, with every route that gives it.</summary>
public sealed record EffectivePermission(string Subject, string Permission, IReadOnlyList<Route> Routes)
{
    public override string ToString() => Permission;
}
