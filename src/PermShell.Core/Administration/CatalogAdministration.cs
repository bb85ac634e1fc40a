using PermShell.Core.Rules;
using PermShell.Core.Store;

namespace PermShell.Core.Administration;

/// <summary>Adds, changes and removes permission definitions (the catalog).</summary>
public sealed class CatalogAdministration
{
    private readonly ChangeBatch _writer;
    private readonly IHostContext _host;

    public CatalogAdministration(ChangeBatch writer, IHostContext host)
    {
        _writer = writer;
        _host = host;
    }

    /// <summary>Defines a permission; App and CodeName default to what its name says (TICKET_VIEW → ticket).</summary>
    public PermissionDefinition? Add(string name, string? app, string? model, string? description, IReadOnlyList<string>? implies)
    {
        var (defaultApp, codeName) = PermissionNaming.Split(name);
        var def = new PermissionDefinition
        {
            Name = name,
            App = app ?? defaultApp,
            Model = model ?? "",
            CodeName = codeName,
            Description = description ?? "",
            Implies = Distinct(implies ?? Array.Empty<string>()),
        };
        var change = new AddPermission(def);
        Warn(RuleBook.Default.Require(_writer.State, change));
        _writer.Admit([change]);
        if (!_host.ShouldProcess(name, "Define permission")) return null;
        _writer.Apply(change);
        return def;
    }

    /// <summary>Changes the given attributes of a permission; null leaves one as it is.</summary>
    public PermissionDefinition? Update(string name, string? app, string? model, string? description, IReadOnlyList<string>? implies)
    {
        var before = SubjectChecks.RequirePermission(_writer.State, name);
        var after = before with
        {
            App = app ?? before.App,
            Model = model ?? before.Model,
            Description = description ?? before.Description,
            Implies = implies is null ? before.Implies : Distinct(implies),
        };
        if (after.Equals(before))
        {
            _host.Verbose($"{name} is already as requested; nothing to change.");
            return after;
        }
        var change = new UpdatePermission(before, after);
        Warn(RuleBook.Default.Require(_writer.State, change));
        _writer.Admit([change]);
        if (!_host.ShouldProcess(name, "Update permission")) return null;
        _writer.Apply(change);
        return after;
    }

    /// <summary>Removes a permission and every grant of it.</summary>
    /// <summary>Removes a permission with its grants; returns the definition removed, or null when declined.</summary>
    public PermissionDefinition? Remove(string name)
    {
        var before = SubjectChecks.RequirePermission(_writer.State, name);
        var grants = _writer.State.Grants.Count(g => g.Value.Contains(name));
        var action = grants == 0 ? "Remove permission" : $"Remove permission and its {grants} grant(s)";
        var change = new RemovePermission(before);
        _writer.Admit([change]);
        if (!_host.ShouldProcess(name, action)) return null;
        _writer.Apply(change);
        var implying = _writer.State.Permissions.Values.Where(d => d.Implies.Contains(name, StringComparer.Ordinal)).Select(d => d.Name).Order(StringComparer.Ordinal).ToList();
        if (implying.Count > 0)
            _host.Warning($"{name} is still named in the implications of {string.Join(", ", implying)}; it takes effect again if {name} is defined again.");
        return before;
    }

    private static IReadOnlyList<string> Distinct(IReadOnlyList<string> implies) => implies.Distinct(StringComparer.Ordinal).ToList();

    // An implied name not (yet) in the catalog is kept, but worth a warning (the rule book's UnknownImpliedRule).
    private void Warn(IReadOnlyList<Problem> warnings)
    {
        foreach (var warning in warnings) _host.Warning(warning.Message);
    }
}
