using System.Globalization;
using PermShell.Core.Manifest;

namespace PermShell.Core.Interchange;

/// <summary>
/// Reads what <c>manage.py dumpdata auth</c> writes (a JSON array of auth.permission, auth.group and auth.user
/// objects) as a <see cref="ManifestDocument"/>, with natural keys (<c>--natural-foreign --natural-primary</c>) or
/// with integer primary keys, content types given by id when the file also holds contenttypes.contenttype
/// (<c>dumpdata auth contenttypes</c>) or by natural key [app_label, model].
/// </summary>
/// <remarks>
/// A permission becomes <c>app_label.codename</c> with its content type's model as Model and its name as Description;
/// a user keeps username, email, first and last name (as DisplayName, joined by a space), is_active and is_superuser,
/// its user_permissions as grants and its groups as memberships; a group keeps its name and permissions. Passwords,
/// is_staff (no meaning in PermShell), last_login and date_joined are ignored, and so are objects of other models
/// (with a warning). The document always has all three sections: a fixture is taken as the whole of Django's auth
/// app, so Sync removes what it lacks.
/// </remarks>
public sealed class DjangoFixtureReader
{
    private readonly string _file;
    private readonly List<ManifestProblem> _problems;
    private readonly Dictionary<long, (string App, string Model)> _contentTypes = new();
    private readonly Dictionary<long, string> _permissionsByPk = new();
    private readonly Dictionary<long, string> _groupsByPk = new();
    private readonly List<JsonNode> _permissionObjects = new();
    private readonly List<JsonNode> _groupObjects = new();
    private readonly List<JsonNode> _userObjects = new();

    private DjangoFixtureReader(string file, List<ManifestProblem> problems)
    {
        _file = file;
        _problems = problems;
    }

    public static ManifestDocument Read(JsonNode? root, string file, List<ManifestProblem> problems) =>
        new DjangoFixtureReader(file, problems).Read(root);

    private ManifestDocument Read(JsonNode? root)
    {
        if (root is null) return new ManifestDocument();
        if (root.Kind != JsonKind.Array)
        {
            WrongType(root, "A Django fixture", "a JSON array of objects, as manage.py dumpdata writes");
            return new ManifestDocument();
        }
        Sort(root);
        var permissions = ReadPermissions();
        var groups = new Dictionary<string, (SourceLocation At, List<ManifestName> Grants, List<ManifestName> Members)>(StringComparer.Ordinal);
        foreach (var node in _groupObjects)
        {
            var fields = Fields(node);
            if (fields is null || RequiredString(node, fields, "name") is not (string name, SourceLocation at)) continue;
            if (groups.TryGetValue(name, out var twin))
            {
                Problem(at, "PermShell.Manifest.DuplicateName", $"The group '{NameRules.Printable(name)}' is in the fixture twice (also at {twin.At.Line}:{twin.At.Column}).");
                continue;
            }
            groups[name] = (at, PermissionRefs(fields, "permissions"), new List<ManifestName>());
            if (Pk(node) is { } pk) _groupsByPk[pk] = name;
        }
        var users = new List<ManifestUser>();
        var usernames = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var node in _userObjects)
        {
            var fields = Fields(node);
            if (fields is null || RequiredString(node, fields, "username") is not (string name, SourceLocation at)) continue;
            if (!usernames.TryAdd(name, at))
            {
                Problem(at, "PermShell.Manifest.DuplicateName", $"The user '{NameRules.Printable(name)}' is in the fixture twice (also at {usernames[name].Line}:{usernames[name].Column}).");
                continue;
            }
            foreach (var (group, groupAt) in GroupRefs(fields))
            {
                if (groups.TryGetValue(group, out var g)) g.Members.Add(new ManifestName(name, groupAt));
                else
                {
                    // A group the fixture does not define may exist in the store; the validator decides.
                    groups[group] = (groupAt, new List<ManifestName>(), new List<ManifestName> { new(name, groupAt) });
                }
            }
            users.Add(new ManifestUser
            {
                Name = name,
                Location = at,
                DisplayName = DisplayName(fields),
                Email = OptionalString(fields, "email"),
                Active = OptionalBool(fields, "is_active"),
                Superuser = OptionalBool(fields, "is_superuser"),
                Grants = PermissionRefs(fields, "user_permissions"),
            });
        }
        return new ManifestDocument
        {
            Permissions = permissions,
            Users = users,
            Groups = groups.Select(g => new ManifestGroup
            {
                Name = g.Key,
                Location = g.Value.At,
                Grants = g.Value.Grants,
                Members = g.Value.Members,
            }).ToList(),
        };
    }

    /// <summary>Sorts the objects by model; content types first, so references to them resolve whatever the order.</summary>
    private void Sort(JsonNode root)
    {
        var ignored = new Dictionary<string, (SourceLocation At, int Count)>(StringComparer.Ordinal);
        foreach (var item in root.Items)
        {
            if (item.Kind != JsonKind.Object)
            {
                WrongType(item, "An element of a fixture", "an object with \"model\" and \"fields\"");
                continue;
            }
            var model = item["model"];
            if (model is null)
            {
                Problem(item.Location, "PermShell.Manifest.MissingKey", "This object has no \"model\"; every object of a fixture names its model (\"auth.user\").");
                continue;
            }
            if (model.Kind != JsonKind.String)
            {
                WrongType(model, "\"model\"", "text such as \"auth.user\"");
                continue;
            }
            switch (model.Text.ToLowerInvariant())
            {
                case "contenttypes.contenttype":
                    ReadContentType(item);
                    break;
                case "auth.permission":
                    _permissionObjects.Add(item);
                    break;
                case "auth.group":
                    _groupObjects.Add(item);
                    break;
                case "auth.user":
                    _userObjects.Add(item);
                    break;
                default:
                    ignored[model.Text] = ignored.TryGetValue(model.Text, out var seen) ? (seen.At, seen.Count + 1) : (model.Location, 1);
                    break;
            }
        }
        foreach (var (model, (at, count)) in ignored)
            _problems.Add(new ManifestProblem(at, "PermShell.Manifest.IgnoredModel",
                $"{count} {model} object{(count == 1 ? " was" : "s were")} ignored: PermShell reads auth.permission, auth.group, auth.user and contenttypes.contenttype.",
                ManifestSeverity.Warning));
    }

    private void ReadContentType(JsonNode node)
    {
        var fields = Fields(node);
        if (fields is null) return;
        if (RequiredString(node, fields, "app_label") is not (string app, _) || RequiredString(node, fields, "model") is not (string model, _)) return;
        if (Pk(node) is { } pk) _contentTypes[pk] = (app, model);
    }

    private List<ManifestPermission> ReadPermissions()
    {
        var permissions = new List<ManifestPermission>();
        var byName = new Dictionary<string, ManifestPermission>(StringComparer.Ordinal);
        foreach (var node in _permissionObjects)
        {
            var fields = Fields(node);
            if (fields is null || RequiredString(node, fields, "codename") is not (string codename, SourceLocation at)) continue;
            var contentType = fields["content_type"];
            if (contentType is null)
            {
                Problem(node.Location, "PermShell.Manifest.MissingKey", "This permission has no \"content_type\".");
                continue;
            }
            if (ContentType(contentType) is not (string app, string model)) continue;
            var name = $"{app}.{codename}";
            if (Pk(node) is { } pk) _permissionsByPk[pk] = name;
            var description = OptionalString(fields, "name");
            if (byName.TryGetValue(name, out var first))
            {
                if (first.Model != model || first.Description != description)
                    _problems.Add(new ManifestProblem(at, "PermShell.Manifest.DuplicateName",
                        $"{name} is also defined at {first.Location.Line}:{first.Location.Column} (model {first.Model}); Django's has_perm() does not tell them apart, and PermShell keeps the first.",
                        ManifestSeverity.Warning));
                continue;
            }
            var permission = new ManifestPermission { Name = name, Location = at, Model = model, Description = description };
            byName[name] = permission;
            permissions.Add(permission);
        }
        return permissions;
    }

    /// <summary>[app_label, model], or an id of a contenttypes.contenttype object in the file.</summary>
    private (string, string)? ContentType(JsonNode node)
    {
        if (node.Kind == JsonKind.Array)
        {
            if (node.Items.Count == 2 && node.Items.All(i => i.Kind == JsonKind.String)) return (node.Items[0].Text, node.Items[1].Text);
            WrongType(node, "A content type's natural key", "[app_label, model]");
            return null;
        }
        if (Id(node, "\"content_type\"") is not { } id) return null;
        if (_contentTypes.TryGetValue(id, out var ct)) return ct;
        Problem(node.Location, "PermShell.Manifest.UnknownReference",
            $"Content type {id} is not in the file: dump it too (manage.py dumpdata auth contenttypes), or dump with natural keys (--natural-foreign).");
        return null;
    }

    /// <summary>A list of permission references: ids of auth.permission objects in the file, or [codename, app_label, model].</summary>
    private List<ManifestName> PermissionRefs(JsonNode fields, string key)
    {
        var names = new List<ManifestName>();
        foreach (var item in List(fields, key))
        {
            if (item.Kind == JsonKind.Array)
            {
                if (item.Items.Count == 3 && item.Items.All(i => i.Kind == JsonKind.String))
                    names.Add(new ManifestName($"{item.Items[1].Text}.{item.Items[0].Text}", item.Location));
                else
                    WrongType(item, "A permission's natural key", "[codename, app_label, model]");
                continue;
            }
            if (Id(item, $"An element of \"{key}\"") is not { } id) continue;
            if (_permissionsByPk.TryGetValue(id, out var name)) names.Add(new ManifestName(name, item.Location));
            else
                Problem(item.Location, "PermShell.Manifest.UnknownReference",
                    $"Permission {id} is not in the file: dump every auth.permission with it (manage.py dumpdata auth), or dump with natural keys (--natural-foreign).");
        }
        return names;
    }

    /// <summary>A user's groups: ids of auth.group objects in the file, or [name].</summary>
    private List<(string Name, SourceLocation At)> GroupRefs(JsonNode fields)
    {
        var groups = new List<(string, SourceLocation)>();
        foreach (var item in List(fields, "groups"))
        {
            if (item.Kind == JsonKind.Array)
            {
                if (item.Items.Count == 1 && item.Items[0].Kind == JsonKind.String) groups.Add((item.Items[0].Text, item.Location));
                else WrongType(item, "A group's natural key", "[name]");
                continue;
            }
            if (Id(item, "An element of \"groups\"") is not { } id) continue;
            if (_groupsByPk.TryGetValue(id, out var name)) groups.Add((name, item.Location));
            else
                Problem(item.Location, "PermShell.Manifest.UnknownReference",
                    $"Group {id} is not in the file: dump the auth.group objects with the users (manage.py dumpdata auth), or dump with natural keys (--natural-foreign).");
        }
        return groups;
    }

    private static string? DisplayName(JsonNode fields)
    {
        var first = fields["first_name"];
        var last = fields["last_name"];
        if (first?.Kind != JsonKind.String && last?.Kind != JsonKind.String) return null;
        var parts = new[] { first, last }.Where(p => p?.Kind == JsonKind.String && p.Text.Length > 0).Select(p => p!.Text);
        return string.Join(" ", parts);
    }

    private JsonNode? Fields(JsonNode node)
    {
        var fields = node["fields"];
        if (fields is null)
        {
            Problem(node.Location, "PermShell.Manifest.MissingKey", "This object has no \"fields\".");
            return null;
        }
        if (fields.Kind == JsonKind.Object) return fields;
        WrongType(fields, "\"fields\"", "an object");
        return null;
    }

    private long? Pk(JsonNode node)
    {
        var pk = node["pk"];
        return pk is null || pk.Kind == JsonKind.Null ? null : Id(pk, "\"pk\"");
    }

    private long? Id(JsonNode node, string what)
    {
        if (node.Kind == JsonKind.Number && long.TryParse(node.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id)) return id;
        WrongType(node, what, "an integer id or a natural key");
        return null;
    }

    private IEnumerable<JsonNode> List(JsonNode fields, string key)
    {
        var list = fields[key];
        if (list is null) return [];
        if (list.Kind == JsonKind.Array) return list.Items;
        WrongType(list, $"\"{key}\"", "an array");
        return [];
    }

    private (string, SourceLocation)? RequiredString(JsonNode node, JsonNode fields, string key)
    {
        var value = fields[key];
        if (value is null)
        {
            Problem(node.Location, "PermShell.Manifest.MissingKey", $"This {node["model"]?.Text} object has no \"{key}\".");
            return null;
        }
        if (value.Kind == JsonKind.String) return (value.Text, value.Location);
        WrongType(value, $"\"{key}\"", "text");
        return null;
    }

    private string? OptionalString(JsonNode fields, string key)
    {
        var value = fields[key];
        if (value is null || value.Kind == JsonKind.Null) return null;
        if (value.Kind == JsonKind.String) return value.Text;
        WrongType(value, $"\"{key}\"", "text");
        return null;
    }

    private bool? OptionalBool(JsonNode fields, string key)
    {
        var value = fields[key];
        if (value is null) return null;
        if (value.Kind is JsonKind.True or JsonKind.False) return value.Kind == JsonKind.True;
        WrongType(value, $"\"{key}\"", "true or false");
        return null;
    }

    private void WrongType(JsonNode node, string what, string expected) =>
        Problem(node.Location, "PermShell.Manifest.WrongType", $"{what} takes {expected}; found {node.Describe()}.");

    private void Problem(SourceLocation at, string id, string message) => _problems.Add(new ManifestProblem(at, id, message));
}
