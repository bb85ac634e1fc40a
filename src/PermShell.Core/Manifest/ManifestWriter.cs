using System.Text;

namespace PermShell.Core.Manifest;

/// <summary>
/// Writes a store's content as a manifest, deterministically: the same state gives the same bytes on every
/// machine. version first, then permissions, users and groups (all three, [] when empty, so a Sync import of an
/// export reproduces the store); entries ordinal by name; keys in SPEC order; only fields that differ from their
/// default; grants, implies and members as one-line lists sorted ordinally; LF line endings and one final newline.
/// A store with a resource policy gets a last section, policies, in the policy's order, each section's rules one a
/// line in their order (order decides there); a store without one gets no such section.
/// </summary>
public static class ManifestWriter
{
    public static string Write(PermissionState state)
    {
        var yaml = new StringBuilder().Append("version: 1\n");

        Section(yaml, ManifestKeys.Permissions, Sorted(state.Permissions.Values, p => p.Name), p => p.Name, (p, entry) =>
        {
            var (app, _) = PermissionNaming.Split(p.Name);
            if (p.App != app) entry.Field(ManifestKeys.App, p.App);
            entry.Field(ManifestKeys.Model, p.Model);
            entry.Field(ManifestKeys.Description, p.Description);
            entry.List(ManifestKeys.Implies, p.Implies);
        });

        Section(yaml, ManifestKeys.Users, Sorted(state.Users.Values, u => u.Name), u => u.Name, (u, entry) =>
        {
            entry.Field(ManifestKeys.DisplayName, u.DisplayName);
            entry.Field(ManifestKeys.Email, u.Email);
            if (!u.IsActive) entry.Literal(ManifestKeys.Active, "false");
            if (u.IsSuperuser) entry.Literal(ManifestKeys.Superuser, "true");
            entry.List(ManifestKeys.Grants, state.GrantsOf(u.Name));
        });

        // anonymous and authenticated always exist; they are worth a line only when something is granted to them.
        var groups = state.Groups.Keys
            .Concat(new[] { PermissionState.Anonymous, PermissionState.Authenticated }.Where(v => state.GrantsOf(v).Count > 0))
            .Order(StringComparer.Ordinal)
            .ToList();
        Section(yaml, ManifestKeys.Groups, groups, name => name, (name, entry) =>
        {
            if (state.Groups.TryGetValue(name, out var group)) entry.Field(ManifestKeys.Description, group.Description);
            entry.List(ManifestKeys.Members, state.MembersOf(name));
            entry.List(ManifestKeys.Grants, state.GrantsOf(name));
        });

        if (state.Policies.Count > 0)
        {
            yaml.Append(ManifestKeys.Policies).Append(":\n");
            foreach (var section in state.Policies)
            {
                yaml.Append("  - ").Append(ManifestKeys.Resource).Append(": ").Append(YamlScalarText.Format(section.Resource)).Append('\n');
                if (section.Rules.Count == 0)
                {
                    yaml.Append("    ").Append(ManifestKeys.Rules).Append(": []\n");
                    continue;
                }
                yaml.Append("    ").Append(ManifestKeys.Rules).Append(":\n");
                foreach (var rule in section.Rules) yaml.Append("      - ").Append(YamlScalarText.Format(rule.ToString())).Append('\n');
            }
        }

        return yaml.ToString();
    }

    private static List<T> Sorted<T>(IEnumerable<T> items, Func<T, string> name) => items.OrderBy(name, StringComparer.Ordinal).ToList();

    private static void Section<T>(StringBuilder yaml, string key, IReadOnlyList<T> items, Func<T, string> name, Action<T, Entry> fields)
    {
        if (items.Count == 0)
        {
            yaml.Append(key).Append(": []\n");
            return;
        }
        yaml.Append(key).Append(":\n");
        foreach (var item in items)
        {
            yaml.Append("  - ").Append(ManifestKeys.Name).Append(": ").Append(YamlScalarText.Format(name(item))).Append('\n');
            fields(item, new Entry(yaml));
        }
    }

    /// <summary>Writes the fields of one entry, skipping defaults.</summary>
    private readonly struct Entry(StringBuilder yaml)
    {
        public void Field(string key, string value)
        {
            if (value.Length > 0) Literal(key, YamlScalarText.Format(value));
        }

        public void Literal(string key, string yamlText) => yaml.Append("    ").Append(key).Append(": ").Append(yamlText).Append('\n');

        public void List(string key, IEnumerable<string> values)
        {
            var sorted = values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(YamlScalarText.Format).ToList();
            if (sorted.Count > 0) Literal(key, "[" + string.Join(", ", sorted) + "]");
        }
    }
}
