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
        SubjectChecks.CheckNewPermission(_writer.State, name);
        var (defaultApp, codeName) = PermissionNaming.Split(name);
        var def = new PermissionDefinition
        {
            Name = name,
            App = app ?? defaultApp,
            Model = model ?? "",
            CodeName = codeName,
            Description = description ?? "",
            Implies = CheckImplies(name, implies ?? Array.Empty<string>()),
        };
        if (!_host.ShouldProcess(name, "Define permission")) return null;
        _writer.Apply(new AddPermission(def));
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
            Implies = implies is null ? before.Implies : CheckImplies(name, implies),
        };
        if (after.Equals(before))
        {
            _host.Verbose($"{name} is already as requested; nothing to change.");
            return after;
        }
        if (!_host.ShouldProcess(name, "Update permission")) return null;
        _writer.Apply(new UpdatePermission(before, after));
        return after;
    }

    /// <summary>Removes a permission and every grant of it.</summary>
    public void Remove(string name)
    {
        var before = SubjectChecks.RequirePermission(_writer.State, name);
        var grants = _writer.State.Grants.Count(g => g.Value.Contains(name));
        var action = grants == 0 ? "Remove permission" : $"Remove permission and its {grants} grant(s)";
        if (!_host.ShouldProcess(name, action)) return;
        _writer.Apply(new RemovePermission(before));
        var implying = _writer.State.Permissions.Values.Where(d => d.Implies.Contains(name, StringComparer.Ordinal)).Select(d => d.Name).Order(StringComparer.Ordinal).ToList();
        if (implying.Count > 0)
            _host.Warning($"{name} is still named in the implications of {string.Join(", ", implying)}; it takes effect again if {name} is defined again.");
    }

    /// <summary>
    /// Each entry is a permission name or a pattern with * and ?. A name not (yet) in the catalog is kept, since
    /// catalogs are often loaded in name order, but it is worth a warning: it implies nothing until defined.
    /// </summary>
    private IReadOnlyList<string> CheckImplies(string name, IReadOnlyList<string> implies)
    {
        var result = new List<string>();
        foreach (var entry in implies)
        {
            var isPattern = entry.Contains('*') || entry.Contains('?');
            if (isPattern)
            {
                if (entry.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '*' or '?')))
                    throw new PermShellException("PermShell.Permission.InvalidPattern", ProblemKind.InvalidArgument,
                        $"'{entry}' is not a valid implication pattern for {name}: use permission-name characters with * and ?.", entry);
            }
            else
            {
                NameRules.CheckPermissionName(entry);
                if (!_writer.State.Permissions.ContainsKey(entry) && entry != name)
                    _host.Warning($"{name} implies {entry}, which is not in the catalog; it takes effect once {entry} is defined.{ClosestNames.Hint(entry, _writer.State.Permissions.Keys)}");
            }
            if (!result.Contains(entry, StringComparer.Ordinal)) result.Add(entry);
        }
        return result;
    }
}
