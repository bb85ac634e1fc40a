namespace PermShell;

/// <summary>A permission a subject holds, with every route that gives it.</summary>
public sealed record EffectivePermission(string Subject, string Permission, IReadOnlyList<Route> Routes)
{
    /// <summary>The routes; as text (Export-Csv), their paths joined by "; ".</summary>
    public IReadOnlyList<Route> Routes { get; init; } = TextList<Route>.Of(Routes, "; ");

    public override string ToString() => Permission;
}
