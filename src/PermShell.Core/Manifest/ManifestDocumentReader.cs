using System.Globalization;

namespace PermShell.Core.Manifest;

/// <summary>
/// Reads one file's <see cref="YamlNode"/> tree as a <see cref="ManifestDocument"/>: the keys SPEC §3 allows
/// (a misspelt one gets a "did you mean"), the types each key takes, and where each entry is written. It reports
/// every problem it meets and keeps going, so one run lists them all. It never descends into values it does not
/// understand, so the shape of hostile input cannot make it recurse.
/// </summary>
internal sealed class ManifestDocumentReader
{
    private readonly string _file;
    private readonly List<ManifestProblem> _problems;

    // Set when something that could define objects was left out (a section, an entry, a name): validating what is
    // left would report references to it as unknown, problems that are only echoes of the one already reported.
    private bool _partial;

    private ManifestDocumentReader(string file, List<ManifestProblem> problems)
    {
        _file = file;
        _problems = problems;
    }

    public static ManifestDocument Read(YamlNode? root, string file, List<ManifestProblem> problems) =>
        new ManifestDocumentReader(file, problems).Read(root);

    private ManifestDocument Read(YamlNode? root)
    {
        if (root is null)
        {
            Problem(SourceLocation.StartOf(_file), "PermShell.Manifest.MissingKey", "The file holds no manifest: it needs at least 'version: 1'.");
            return new ManifestDocument { Partial = true };
        }
        if (Shaped<YamlMapping>(root, "A manifest", "a mapping of version, permissions, users, groups and protected") is not { } map)
            return new ManifestDocument { Partial = true };
        var fields = Fields(map, ManifestKeys.TopLevel, "the manifest");
        // A misspelt or repeated top-level key drops a whole section.
        if (fields.Count < map.Entries.Count) _partial = true;
        if (fields.TryGetValue(ManifestKeys.Version, out var version)) CheckVersion(version.Value);
        else Problem(root.Location, "PermShell.Manifest.MissingKey", "The manifest has no 'version'; add 'version: 1' at the top.");

        return new ManifestDocument
        {
            Permissions = Section(fields, ManifestKeys.Permissions, ReadPermission),
            Users = Section(fields, ManifestKeys.Users, ReadUser),
            Groups = Section(fields, ManifestKeys.Groups, ReadGroup),
            Protected = OptionalNames(fields, ManifestKeys.Protected),
            Policies = Section(fields, ManifestKeys.Policies, ReadPolicy, "a mapping with a resource and its rules (- resource: …)"),
            Partial = _partial,
        };
    }

    private void CheckVersion(YamlNode node)
    {
        if (node is YamlScalar s && CoreSchema.Resolve(s) == CoreType.Int)
        {
            if (!long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) || v != 1)
                Problem(node.Location, "PermShell.Manifest.UnsupportedVersion", $"Manifest version {s.Value} is not supported; this PermShell reads version 1.");
            return;
        }
        WrongType(node, "'version'", "the number 1");
    }

    private List<T>? Section<T>(Dictionary<string, Field> fields, string key, Func<YamlMapping, T?> read,
        string entryShape = "a mapping with at least a name (- name: …)") where T : class
    {
        if (!fields.TryGetValue(key, out var field)) return null;
        var entries = new List<T>();
        if (Shaped<YamlSequence>(field.Value, $"'{key}'", "a list of entries (- name: …); write [] for an empty section") is not { } list)
        {
            _partial = true;
            return entries;
        }
        foreach (var item in list.Items)
        {
            if (Shaped<YamlMapping>(item, $"An entry of '{key}'", entryShape) is not { } entry)
            {
                _partial = true;
                continue;
            }
            var read1 = read(entry);
            if (read1 is not null) entries.Add(read1);
            else _partial = true;
        }
        return entries;
    }

    private ManifestPermission? ReadPermission(YamlMapping entry)
    {
        var fields = Fields(entry, ManifestKeys.Permission, "a permission");
        if (Name(entry, fields, "permission") is not (string name, SourceLocation at)) return null;
        return new ManifestPermission
        {
            Name = name,
            Location = at,
            App = OptionalString(fields, ManifestKeys.App),
            Model = OptionalString(fields, ManifestKeys.Model),
            Description = OptionalString(fields, ManifestKeys.Description),
            Implies = OptionalNames(fields, ManifestKeys.Implies),
        };
    }

    private ManifestUser? ReadUser(YamlMapping entry)
    {
        var fields = Fields(entry, ManifestKeys.User, "a user");
        if (Name(entry, fields, "user") is not (string name, SourceLocation at)) return null;
        return new ManifestUser
        {
            Name = name,
            Location = at,
            DisplayName = OptionalString(fields, ManifestKeys.DisplayName),
            Email = OptionalString(fields, ManifestKeys.Email),
            Active = OptionalBool(fields, ManifestKeys.Active),
            Superuser = OptionalBool(fields, ManifestKeys.Superuser),
            Grants = OptionalNames(fields, ManifestKeys.Grants),
        };
    }

    private ManifestGroup? ReadGroup(YamlMapping entry)
    {
        var fields = Fields(entry, ManifestKeys.Group, "a group");
        if (Name(entry, fields, "group") is not (string name, SourceLocation at)) return null;
        if (PermissionState.IsVirtual(name))
        {
            foreach (var (key, field) in fields.Where(f => !ManifestKeys.VirtualGroup.Contains(f.Key)))
                Problem(field.Key.Location, "PermShell.Manifest.VirtualGroup",
                    $"'{key}' cannot be given to {name}: it is a virtual group with no stored description or members; it takes 'grants' only.");
            return new ManifestGroup { Name = name, Location = at, Grants = OptionalNames(fields, ManifestKeys.Grants) };
        }
        return new ManifestGroup
        {
            Name = name,
            Location = at,
            Description = OptionalString(fields, ManifestKeys.Description),
            Members = OptionalNames(fields, ManifestKeys.Members),
            Grants = OptionalNames(fields, ManifestKeys.Grants),
        };
    }

    /// <summary>A policy section: its resource pattern, and its rules as a list of 'subject = PERMISSION, !PERMISSION'.</summary>
    private ManifestPolicy? ReadPolicy(YamlMapping entry)
    {
        var fields = Fields(entry, ManifestKeys.Policy, "a policy section");
        if (!fields.TryGetValue(ManifestKeys.Resource, out var field))
        {
            Problem(entry.Location, "PermShell.Manifest.MissingKey", "This policy section has no 'resource'.");
            return null;
        }
        if (ReadString(field.Value, ManifestKeys.Resource) is not { } resource) return null;
        var rules = OptionalNames(fields, ManifestKeys.Rules) ?? [];
        foreach (var rule in rules.Where(r => PolicyRule.Parse(r.Value) is null))
            Problem(rule.Location, "PermShell.Policy.InvalidEntry",
                $"The entry '{NameRules.Printable(rule.Value)}' for [{NameRules.Printable(resource)}] is not valid: write it as in Trac's file, 'subject = PERMISSION, !PERMISSION' ('subject =' denies everything).");
        return new ManifestPolicy { Name = resource, Location = field.Value.Location, Rules = rules };
    }

    private (string, SourceLocation)? Name(YamlMapping entry, Dictionary<string, Field> fields, string what)
    {
        if (!fields.TryGetValue(ManifestKeys.Name, out var field))
        {
            Problem(entry.Location, "PermShell.Manifest.MissingKey", $"This {what} has no 'name'.");
            return null;
        }
        var name = ReadString(field.Value, ManifestKeys.Name);
        return name is null ? null : (name, field.Value.Location);
    }

    private readonly record struct Field(YamlScalar Key, YamlNode Value);

    /// <summary>The known keys of a mapping; unknown, duplicate and non-text keys are reported and left out.</summary>
    private Dictionary<string, Field> Fields(YamlMapping map, string[] allowed, string context)
    {
        var fields = new Dictionary<string, Field>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in map.Entries)
        {
            if (keyNode is not YamlScalar key)
            {
                WrongType(keyNode, "A key", "a plain name");
                continue;
            }
            if (!allowed.Contains(key.Value, StringComparer.Ordinal))
            {
                var hint = ClosestNames.Hint(key.Value, allowed);
                Problem(key.Location, "PermShell.Manifest.UnknownKey",
                    $"Unknown key '{NameRules.Printable(key.Value)}' in {context}.{(hint.Length > 0 ? hint : $" Allowed keys: {string.Join(", ", allowed)}.")}");
                continue;
            }
            if (fields.TryGetValue(key.Value, out var first))
            {
                Problem(key.Location, "PermShell.Manifest.DuplicateKey",
                    $"'{key.Value}' is given twice in {context} (first at {first.Key.Location.Line}:{first.Key.Location.Column}).");
                continue;
            }
            fields[key.Value] = new Field(key, value);
        }
        return fields;
    }

    private string? OptionalString(Dictionary<string, Field> fields, string key) =>
        fields.TryGetValue(key, out var field) ? ReadString(field.Value, key) : null;

    private bool? OptionalBool(Dictionary<string, Field> fields, string key)
    {
        if (!fields.TryGetValue(key, out var field)) return null;
        if (field.Value is YamlScalar s && CoreSchema.Resolve(s) == CoreType.Bool && CoreSchema.IsBool(s.Value))
            return CoreSchema.IsTrue(s.Value);
        if (!Unsupported(field.Value)) WrongType(field.Value, $"'{key}'", "true or false");
        return null;
    }

    private IReadOnlyList<ManifestName>? OptionalNames(Dictionary<string, Field> fields, string key)
    {
        if (!fields.TryGetValue(key, out var field)) return null;
        if (Unsupported(field.Value)) return null;
        if (field.Value is not YamlSequence list)
        {
            var example = field.Value is YamlScalar s && CoreSchema.Resolve(s) == CoreType.String ? $"[{s.Value}]" : "[A, B]";
            WrongType(field.Value, $"'{key}'", $"a list of names; write {example}, or [] for none");
            return null;
        }
        var names = new List<ManifestName>(list.Items.Count);
        foreach (var item in list.Items)
        {
            var value = ReadString(item, key);
            if (value is not null) names.Add(new ManifestName(value, item.Location));
        }
        return names;
    }

    /// <summary>Text only: a plain 123, true or ~ is a number, boolean or null in YAML, so it must be quoted to be a name.</summary>
    private string? ReadString(YamlNode node, string key)
    {
        if (node is YamlScalar s)
        {
            switch (CoreSchema.Resolve(s))
            {
                case CoreType.String:
                    return s.Value;
                case CoreType.Unsupported:
                    Unsupported(s);
                    return null;
                case CoreType.Null:
                    Problem(s.Location, "PermShell.Manifest.WrongType", $"'{key}' has no value; give one or leave the key out.");
                    return null;
                default:
                    Problem(s.Location, "PermShell.Manifest.WrongType",
                        $"'{key}' takes text, not {s.Describe()}; quote it (\"{s.Value}\") to use it as text.");
                    return null;
            }
        }
        WrongType(node, $"'{key}'", "text");
        return null;
    }

    /// <summary>The node as a <typeparamref name="T"/>, or null after reporting one problem (its tag, or its shape).</summary>
    private T? Shaped<T>(YamlNode node, string what, string expected) where T : YamlNode
    {
        if (Unsupported(node)) return null;
        if (node is T shaped) return shaped;
        WrongType(node, what, expected);
        return null;
    }

    /// <summary>Reports an explicit tag outside the core schema (!foo): manifests have no use for one.</summary>
    private bool Unsupported(YamlNode node)
    {
        if (CoreSchema.IsCoreTag(node.Tag)) return false;
        Problem(node.Location, "PermShell.Manifest.UnsupportedTag", $"The tag {node.Tag} is not used in manifests; remove it.");
        return true;
    }

    private void WrongType(YamlNode node, string what, string expected) =>
        Problem(node.Location, "PermShell.Manifest.WrongType", $"{what} takes {expected}; found {node.Describe()}.");

    private void Problem(SourceLocation at, string id, string message) => _problems.Add(new ManifestProblem(at, id, message));
}
