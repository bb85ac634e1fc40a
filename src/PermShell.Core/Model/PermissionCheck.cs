using PermShell.Core.Engine;

namespace PermShell;

/// <summary>
/// One answer of a check that asks about several subjects or permissions, or is fed by the pipeline: which check it
/// is, whether it is allowed, and the routes that allow it (traced only when read, so a matrix of checks stays cheap).
/// </summary>
public sealed class PermissionCheck
{
    private readonly Decision _decision;

    public PermissionCheck(Decision decision) => _decision = decision;

    public string Subject => _decision.Subject;
    public string Permission => _decision.Permission;
    public bool Allowed => _decision.Allowed;

    /// <summary>The resource asked about (Trac's descriptor, completed: wiki:PrivatePage@*); empty for a store-wide check.</summary>
    public string Resource => _decision.Resource ?? "";

    /// <summary>Every route that gives the permission; empty when it is not held. As text (Export-Csv), their paths joined by "; ".</summary>
    public IReadOnlyList<Route> Routes => TextList<Route>.Of(_decision.Routes, "; ");

    /// <summary>Why it is not held ("mallory is inactive, …"); empty when it is.</summary>
    public string Reason => _decision.Allowed ? "" : string.Join(" ", _decision.Reasons.Select(r => r.Text));

    public override string ToString() => $"{Subject} {(Allowed ? "holds" : "does not hold")} {Permission}";
}
