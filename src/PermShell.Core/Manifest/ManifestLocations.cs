using PermShell.Core.Rules;

namespace PermShell.Core.Manifest;

/// <summary>
/// Where a manifest writes what a planned change does: the entry of a user, group or permission, the name in a
/// grants, members or implies list. A removal (Sync) is written nowhere and has no location.
/// </summary>
internal sealed class ManifestLocations
{
    private readonly Dictionary<string, SourceLocation> _permissions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SourceLocation> _subjects = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), SourceLocation> _grants = new();
    private readonly Dictionary<(string, string), SourceLocation> _members = new();
    private readonly Dictionary<(string, string), SourceLocation> _implies = new();
    private readonly Dictionary<string, SourceLocation> _policies = new(StringComparer.Ordinal);

    public ManifestLocations(ManifestDocument document)
    {
        foreach (var p in document.Permissions ?? [])
        {
            _permissions.TryAdd(p.Name, p.Location);
            foreach (var n in p.Implies ?? []) _implies.TryAdd((p.Name, n.Value), n.Location);
        }
        foreach (var u in document.Users ?? [])
        {
            _subjects.TryAdd(u.Name, u.Location);
            foreach (var n in u.Grants ?? []) _grants.TryAdd((u.Name, n.Value), n.Location);
        }
        foreach (var g in document.Groups ?? [])
        {
            _subjects.TryAdd(g.Name, g.Location);
            foreach (var n in g.Grants ?? []) _grants.TryAdd((g.Name, n.Value), n.Location);
            foreach (var n in g.Members ?? []) _members.TryAdd((g.Name, n.Value), n.Location);
        }
        foreach (var p in document.Policies ?? []) _policies.TryAdd(p.Name, p.Location);
    }

    public SourceLocation? Of(Change change) => change switch
    {
        AddPermission c => _permissions.GetValueOrDefault(c.Definition.Name),
        UpdatePermission c => _permissions.GetValueOrDefault(c.Name),
        AddUser c => _subjects.GetValueOrDefault(c.User.Name),
        UpdateUser c => _subjects.GetValueOrDefault(c.Name),
        AddGroup c => _subjects.GetValueOrDefault(c.Group.Name),
        UpdateGroup c => _subjects.GetValueOrDefault(c.Name),
        AddGrant c => _grants.GetValueOrDefault((c.Subject, c.Permission)),
        AddMember c => _members.GetValueOrDefault((c.Group, c.Member)),
        AddPolicy c => _policies.GetValueOrDefault(c.Resource),
        UpdatePolicy c => _policies.GetValueOrDefault(c.Resource),
        _ => null,
    };

    /// <summary>Where the problem is written: an implication at its entry in implies, anything else at its change.</summary>
    public SourceLocation? Of(Problem problem) => problem.Change?.Change switch
    {
        AddPermission c when _implies.TryGetValue((c.Definition.Name, problem.Target), out var at) => at,
        UpdatePermission c when _implies.TryGetValue((c.Name, problem.Target), out var at) => at,
        _ => problem.Location,
    };
}
