using System.Text;

namespace PermShell.Bench;

/// <summary>
/// Writes a dataset as a PermShell YAML manifest (SPEC §3): permissions with their implies, users with their grants,
/// groups with their members (users, and the groups nested in them: a nested group is a member of its parent) and
/// grants. Every generated name is a plain YAML scalar, so flow lists need no quoting.
/// </summary>
internal static class DatasetManifest
{
    public static string Write(GeneratedDataset dataset, string folder)
    {
        var path = Path.Combine(folder, $"{dataset.Size}.yaml");
        var userGrants = Lookup(dataset.UserGrants);
        var groupGrants = Lookup(dataset.GroupGrants);
        var members = Lookup(dataset.Memberships.Select(m => (m.Group, m.User))
            .Concat(dataset.Groups.Where(g => g.Parent is not null).Select(g => (g.Parent!, g.Name))));

        using var yaml = new StreamWriter(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 16);
        yaml.WriteLine($"# gen_dataset.py --size {dataset.Size} --seed 42, written by bench/PermShell.Bench for build.ps1 -Task Bench.");
        yaml.WriteLine("version: 1");
        yaml.WriteLine("permissions:");
        foreach (var permission in dataset.Permissions)
        {
            yaml.WriteLine($"  - name: {permission.Name}");
            if (permission.Implies.Length > 0) yaml.WriteLine($"    implies: [{string.Join(", ", permission.Implies)}]");
        }
        yaml.WriteLine("users:");
        foreach (var user in dataset.Users)
        {
            yaml.WriteLine($"  - name: {user}");
            if (userGrants.TryGetValue(user, out var grants)) yaml.WriteLine($"    grants: [{string.Join(", ", grants)}]");
        }
        yaml.WriteLine("groups:");
        foreach (var group in dataset.Groups)
        {
            yaml.WriteLine($"  - name: {group.Name}");
            if (members.TryGetValue(group.Name, out var list)) yaml.WriteLine($"    members: [{string.Join(", ", list)}]");
            if (groupGrants.TryGetValue(group.Name, out var grants)) yaml.WriteLine($"    grants: [{string.Join(", ", grants)}]");
        }
        return path;
    }

    private static Dictionary<string, List<string>> Lookup(IEnumerable<(string Key, string Value)> pairs)
    {
        var map = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            if (!map.TryGetValue(key, out var list)) map[key] = list = [];
            list.Add(value);
        }
        return map;
    }
}
