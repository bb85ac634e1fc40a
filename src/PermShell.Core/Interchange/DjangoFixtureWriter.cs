using System.Globalization;
using System.Text;

namespace PermShell.Core.Interchange;

/// <summary>
/// Writes a store as a Django fixture that <c>manage.py loaddata</c> accepts into a fresh database, laid out as
/// <c>dumpdata --indent 2 --natural-foreign --natural-primary</c> lays it out: natural keys instead of ids (a fresh
/// database numbers its permissions differently), the content types the permissions need first (loaddata creates
/// the ones a database lacks), then permissions, groups and users; each sorted by natural key, by code point.
/// </summary>
/// <remarks>
/// Only Django-style permissions (app_label.codename) are written, as Django names permissions no other way. Users
/// get an unusable password ("!", Django's own mark for "no password"): PermShell has none to give; set one with
/// manage.py changepassword, or sign in through the site's single sign-on. DisplayName goes to first_name.
/// What Django cannot hold is left out and listed by <see cref="Losses"/>.
/// </remarks>
public static class DjangoFixtureWriter
{
    private sealed record Perm(string Name, string App, string Model, string CodeName, string Description);

    public static string Write(PermissionState state)
    {
        var permissions = Exported(state);
        var json = new Json();
        json.Raw("[");
        var first = true;
        void Object(string model, Action<Json> fields)
        {
            json.Raw(first ? "\n" : ",\n");
            first = false;
            json.Raw("{\n  \"model\": ").String(model).Raw(",\n  \"fields\": {");
            fields(json);
            json.Raw("\n  }\n}");
        }

        foreach (var (app, model) in permissions.Values.Select(p => (p.App, p.Model)).Distinct().OrderBy(k => k.App, CodePointOrder.Instance).ThenBy(k => k.Model, CodePointOrder.Instance))
            Object("contenttypes.contenttype", f => f.Field("app_label").String(app).Next().Field("model").String(model));

        foreach (var p in Sorted(permissions.Values))
            Object("auth.permission", f => f.Field("name").String(p.Description).Next()
                .Field("content_type").Keys(2, [[p.App, p.Model]], single: true).Next()
                .Field("codename").String(p.CodeName));

        foreach (var name in state.Groups.Keys.Order(CodePointOrder.Instance))
            Object("auth.group", f => f.Field("name").String(name).Next()
                .Field("permissions").Keys(2, NaturalKeys(state.GrantsOf(name), permissions)));

        foreach (var user in state.Users.Values.OrderBy(u => u.Name, CodePointOrder.Instance))
        {
            var groups = state.Members.Where(m => m.Value.Contains(user.Name) && state.Groups.ContainsKey(m.Key))
                .Select(m => m.Key).Order(CodePointOrder.Instance).Select(g => new[] { g }).ToList();
            Object("auth.user", f => f.Field("password").String("!").Next()
                .Field("is_superuser").Bool(user.IsSuperuser).Next()
                .Field("username").String(user.Name).Next()
                .Field("first_name").String(user.DisplayName).Next()
                .Field("last_name").String("").Next()
                .Field("email").String(user.Email).Next()
                .Field("is_active").Bool(user.IsActive).Next()
                .Field("groups").Keys(2, groups).Next()
                .Field("user_permissions").Keys(2, NaturalKeys(state.GrantsOf(user.Name), permissions)));
        }
        json.Raw("\n]\n");
        return json.ToString();
    }

    /// <summary>What the store holds that a Django fixture cannot carry, one sentence each.</summary>
    public static IReadOnlyList<string> Losses(PermissionState state)
    {
        var losses = new List<string>();
        var permissions = Exported(state);
        var trac = state.Permissions.Keys.Where(n => !permissions.ContainsKey(n)).ToList();
        if (trac.Count > 0)
            losses.Add($"Django names permissions app_label.codename: {TracCsvWriter.Some(trac)} {(trac.Count == 1 ? "was" : "were")} left out, with {(trac.Count == 1 ? "its" : "their")} grants.");
        var implying = permissions.Keys.Where(n => state.Permissions[n].Implies.Count > 0).ToList();
        if (implying.Count > 0)
            losses.Add($"Django has no implied permissions: what {TracCsvWriter.Some(implying)} {(implying.Count == 1 ? "implies was" : "imply was")} left out; Django users hold only what is granted to them or their groups.");
        var otherApp = permissions.Values.Where(p => state.Permissions[p.Name].App != p.App).Select(p => p.Name).ToList();
        if (otherApp.Count > 0)
            losses.Add($"Django's app is the part before the dot: the App of {TracCsvWriter.Some(otherApp)} was left out.");
        var virtualGrants = new[] { PermissionState.Anonymous, PermissionState.Authenticated }.Where(v => state.GrantsOf(v).Count > 0).ToList();
        if (virtualGrants.Count > 0)
            losses.Add($"Django has no anonymous or authenticated group: what is granted to {string.Join(" and ", virtualGrants)} was left out.");
        var nested = state.Members.SelectMany(m => m.Value.Where(member => !state.Users.ContainsKey(member)).Select(member => $"{member} in {m.Key}")).ToList();
        if (nested.Count > 0)
            losses.Add($"Django groups do not nest: the memberships {TracCsvWriter.Some(nested)} were left out, and those members lose what the outer group gives.");
        var described = state.Groups.Values.Where(g => g.Description.Length > 0).Select(g => g.Name).ToList();
        if (described.Count > 0)
            losses.Add($"Django groups have no description: the descriptions of {TracCsvWriter.Some(described)} were left out.");
        return losses;
    }

    private static Dictionary<string, Perm> Exported(PermissionState state) =>
        state.Permissions.Values.Where(p => NameRules.IsDjangoStyle(p.Name)).Select(p =>
        {
            var (app, codeName) = PermissionNaming.Split(p.Name);
            return new Perm(p.Name, app, p.Model, codeName, p.Description);
        }).ToDictionary(p => p.Name, StringComparer.Ordinal);

    private static IEnumerable<Perm> Sorted(IEnumerable<Perm> permissions) =>
        permissions.OrderBy(p => p.App, CodePointOrder.Instance).ThenBy(p => p.Model, CodePointOrder.Instance).ThenBy(p => p.CodeName, CodePointOrder.Instance);

    /// <summary>[codename, app_label, model] of each exported permission among <paramref name="granted"/>, in Django's permission order.</summary>
    private static List<string[]> NaturalKeys(IEnumerable<string> granted, Dictionary<string, Perm> permissions) =>
        Sorted(granted.Where(permissions.ContainsKey).Select(n => permissions[n])).Select(p => new[] { p.CodeName, p.App, p.Model }).ToList();

    /// <summary>
    /// Python's json.dump(indent=2, separators=(',', ': '), ensure_ascii=False), which Django's serializer uses, for
    /// the few shapes a fixture needs; fields sit at depth 2 inside each object.
    /// </summary>
    private sealed class Json
    {
        private readonly StringBuilder _text = new();

        public Json Raw(string text)
        {
            _text.Append(text);
            return this;
        }

        public Json Field(string name) => Raw("\n    ").String(name).Raw(": ");

        public Json Next() => Raw(",");

        public Json Bool(bool value) => Raw(value ? "true" : "false");

        /// <summary>A list of natural keys (a list of lists of text) at field depth, or one key when <paramref name="single"/>.</summary>
        public Json Keys(int depth, IReadOnlyList<string[]> keys, bool single = false)
        {
            var indent = new string(' ', depth * 2);
            if (single) return Key(keys[0], indent);
            if (keys.Count == 0) return Raw("[]");
            Raw("[");
            for (var i = 0; i < keys.Count; i++)
            {
                Raw(i == 0 ? "\n" : ",\n").Raw(indent).Raw("  ");
                Key(keys[i], indent + "  ");
            }
            return Raw("\n").Raw(indent).Raw("]");
        }

        private Json Key(string[] key, string indent)
        {
            Raw("[");
            for (var i = 0; i < key.Length; i++)
                Raw(i == 0 ? "\n" : ",\n").Raw(indent).Raw("  ").String(key[i]);
            return Raw("\n").Raw(indent).Raw("]");
        }

        public Json String(string value)
        {
            _text.Append('"');
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                switch (c)
                {
                    case '"': _text.Append("\\\""); break;
                    case '\\': _text.Append("\\\\"); break;
                    case '\n': _text.Append("\\n"); break;
                    case '\r': _text.Append("\\r"); break;
                    case '\t': _text.Append("\\t"); break;
                    case '\b': _text.Append("\\b"); break;
                    case '\f': _text.Append("\\f"); break;
                    default:
                        // A lone surrogate cannot be written as UTF-8; everything else but control characters is written as is.
                        var lone = char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                            && !(char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(value[i - 1]));
                        if (c < ' ' || lone) _text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else _text.Append(c);
                        break;
                }
            }
            _text.Append('"');
            return this;
        }

        public override string ToString() => _text.ToString();
    }
}
