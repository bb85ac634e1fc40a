using System.Diagnostics;
using System.Text.Json;

namespace PermShell.Bench;

/// <summary>One permission of the generator's catalog: APP{i}_{VIEW,CREATE,MODIFY,DELETE,ADMIN}; ADMIN implies its app's other four.</summary>
internal sealed record DatasetPermission(string Name, string[] Implies);

/// <summary>A group and the group it is nested in (null for a root group).</summary>
internal sealed record DatasetGroup(string Name, string? Parent);

/// <summary>
/// gen_dataset.py's output (../shared/bench/gen_dataset.py, the neutral dataset every anchor benchmark loads), as read
/// from its JSON. Pairs are [user, group] for memberships and [subject, permission] for grants.
/// </summary>
internal sealed record GeneratedDataset(
    string Size,
    string JsonPath,
    DatasetPermission[] Permissions,
    string[] Users,
    DatasetGroup[] Groups,
    (string User, string Group)[] Memberships,
    (string Subject, string Permission)[] UserGrants,
    (string Subject, string Permission)[] GroupGrants)
{
    public int NestedGroups => Groups.Count(g => g.Parent is not null);

    public string Describe() =>
        $"{Users.Length:N0} users, {Groups.Length:N0} groups ({NestedGroups:N0} nested), {Permissions.Length:N0} permissions, " +
        $"{Memberships.Length:N0} memberships, {UserGrants.Length + GroupGrants.Length:N0} grants";

    /// <summary>Runs the generator (python3, --seed 42) into <paramref name="folder"/> and reads what it wrote.</summary>
    public static GeneratedDataset Generate(string generator, string size, int seed, string folder)
    {
        var path = Path.Combine(folder, $"{size}.json");
        var start = new ProcessStartInfo("python3") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { generator, "--size", size, "--seed", seed.ToString(), "-o", path }) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 could not be started.");
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{generator} --size {size} failed (exit code {process.ExitCode}): {errors.Result}");
        return Read(size, path);
    }

    public static GeneratedDataset Read(string size, string path)
    {
        using var stream = File.OpenRead(path);
        using var json = JsonDocument.Parse(stream);
        var root = json.RootElement;
        static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();
        static (string, string)[] Pairs(JsonElement array) => array.EnumerateArray().Select(e => (e[0].GetString()!, e[1].GetString()!)).ToArray();
        return new GeneratedDataset(
            size,
            path,
            root.GetProperty("permissions").EnumerateArray()
                .Select(p => new DatasetPermission(p.GetProperty("name").GetString()!, Strings(p.GetProperty("implies")))).ToArray(),
            Strings(root.GetProperty("users")),
            root.GetProperty("groups").EnumerateArray()
                .Select(g => new DatasetGroup(g.GetProperty("name").GetString()!,
                    g.GetProperty("parent").ValueKind == JsonValueKind.String ? g.GetProperty("parent").GetString() : null)).ToArray(),
            Pairs(root.GetProperty("memberships")),
            Pairs(root.GetProperty("user_grants")),
            Pairs(root.GetProperty("group_grants")));
    }
}
