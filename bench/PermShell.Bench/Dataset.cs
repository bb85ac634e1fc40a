using System.Text.Json;

namespace PermShell.Bench;

/// <summary>
/// The benchmark dataset of gen_dataset.py (shared by every anchor benchmark): APP{i}_{VIEW,CREATE,MODIFY,DELETE,ADMIN}
/// with ADMIN implying its app's other four; about 10 % of groups nested inside another, depth at most 4; each
/// user in 2..4 groups with 1..3 direct grants; each group with 3..7 grants. Either read from the generator's JSON,
/// or made here with the same shape (same distributions, not the same bytes: System.Random is not Python's).
/// </summary>
internal static class Dataset
{
    private static readonly string[] Actions = ["VIEW", "CREATE", "MODIFY", "DELETE", "ADMIN"];

    /// <summary>Reads gen_dataset.py's JSON. A nested group ("parent") becomes a member of its parent, as a Trac subgroup is.</summary>
    public static PermissionState Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var json = JsonDocument.Parse(stream);
        var root = json.RootElement;
        var state = new PermissionState();
        foreach (var p in root.GetProperty("permissions").EnumerateArray())
            AddPermission(state, p.GetProperty("name").GetString()!, p.GetProperty("app").GetString()!,
                p.GetProperty("implies").EnumerateArray().Select(i => i.GetString()!).ToArray());
        foreach (var u in root.GetProperty("users").EnumerateArray()) AddUser(state, u.GetString()!);
        foreach (var g in root.GetProperty("groups").EnumerateArray())
        {
            var name = g.GetProperty("name").GetString()!;
            state.Groups[name] = new Group { Name = name };
        }
        foreach (var g in root.GetProperty("groups").EnumerateArray())
            if (g.GetProperty("parent").ValueKind == JsonValueKind.String)
                Add(state.Members, g.GetProperty("parent").GetString()!, g.GetProperty("name").GetString()!);
        foreach (var m in root.GetProperty("memberships").EnumerateArray()) Add(state.Members, m[1].GetString()!, m[0].GetString()!);
        foreach (var key in new[] { "user_grants", "group_grants" })
            foreach (var g in root.GetProperty(key).EnumerateArray()) Add(state.Grants, g[0].GetString()!, g[1].GetString()!);
        return state;
    }

    /// <summary>A dataset of the generator's shape, made in process so the benchmark needs nothing outside the repository.</summary>
    public static PermissionState Generate(int users, int groups, int permissions, int seed)
    {
        var random = new Random(seed);
        var state = new PermissionState();
        var permissionNames = new string[permissions];
        for (var i = 0; i < permissions; i++) permissionNames[i] = $"APP{i / Actions.Length}_{Actions[i % Actions.Length]}";
        for (var i = 0; i < permissions; i++)
        {
            var app = i / Actions.Length;
            var implies = Actions[i % Actions.Length] != "ADMIN" ? []
                : permissionNames.Where((n, j) => j / Actions.Length == app && j != i).ToArray();
            AddPermission(state, permissionNames[i], $"app{app}", implies);
        }

        var groupNames = Enumerable.Range(0, groups).Select(j => $"grp{j:D5}").ToArray();
        foreach (var name in groupNames) state.Groups[name] = new Group { Name = name };
        var order = groupNames.OrderBy(_ => random.Next()).ToArray();
        var nested = order.Skip(1).OrderBy(_ => random.Next()).Take((int)Math.Round(groups * 0.10)).ToHashSet();
        var depth = new Dictionary<string, int>();
        var placed = new List<string>();
        var placedNested = new List<string>();
        foreach (var name in order)
        {
            depth[name] = 1;
            if (nested.Contains(name) && placed.Count > 0)
            {
                var pool = placedNested.Count > 0 && random.NextDouble() < 0.5 ? placedNested : placed;
                var parent = pool[random.Next(pool.Count)];
                Add(state.Members, parent, name);
                depth[name] = depth[parent] + 1;
            }
            if (depth[name] >= 4) continue;
            placed.Add(name);
            if (depth[name] > 1) placedNested.Add(name);
        }

        for (var k = 0; k < users; k++)
        {
            var user = $"u{k:D6}";
            AddUser(state, user);
            foreach (var group in Sample(random, groupNames, random.Next(2, 5))) Add(state.Members, group, user);
            foreach (var permission in Sample(random, permissionNames, random.Next(1, 4))) Add(state.Grants, user, permission);
        }
        foreach (var group in groupNames)
            foreach (var permission in Sample(random, permissionNames, random.Next(3, 8))) Add(state.Grants, group, permission);
        return state;
    }

    private static IEnumerable<string> Sample(Random random, string[] from, int count)
    {
        var picked = new HashSet<int>();
        while (picked.Count < Math.Min(count, from.Length)) picked.Add(random.Next(from.Length));
        return picked.Select(i => from[i]);
    }

    private static void AddPermission(PermissionState state, string name, string app, string[] implies) =>
        state.Permissions[name] = new PermissionDefinition { Name = name, App = app, CodeName = name, Implies = implies };

    private static void AddUser(PermissionState state, string name) => state.Users[name] = new User { Name = name };

    private static void Add(Dictionary<string, HashSet<string>> map, string key, string value)
    {
        if (!map.TryGetValue(key, out var set)) map[key] = set = new HashSet<string>(StringComparer.Ordinal);
        set.Add(value);
    }
}
