using System.Text;
using System.Text.Json;
using PermShell.Core.Engine;

namespace PermShell.Core.Reports;

/// <summary>
/// The data the report's user and permission pages are drawn from (report.js renders them; browsers block fetch() of
/// file:// pages, so each data file is a script that hands its JSON to <c>PermShellReport</c>). A page per user would
/// make 100,000 files of 2 GB for a store of 100,000 users; this is a few files, each route written once:
/// <list type="bullet">
/// <item><c>data/report.js</c>: the permissions of the overview (facts, counts, direct grantees), the distinct routes
/// (permission, kind, via, and the path after the user's name: everyone in the same groups shares them), and the
/// shards' first names;</item>
/// <item><c>data/users-NNNN.js</c>: the users in ordinal order, <see cref="ShardSize"/> to a file, each with its facts
/// and its routes as numbers into that table, in <see cref="PermissionAudit.RoutesOf"/>'s order. A user's page loads
/// its one shard (found by name); the users list and a permission's holders load them all.</item>
/// </list>
/// Names reach the files through <see cref="Utf8JsonWriter"/>, which escapes every quote, '&lt;', '&gt;', '&amp;' and
/// non-ASCII character, and report.js puts them into the page as text, never as markup.
/// </summary>
internal sealed class ReportData
{
    public const string Folder = "data";
    public const string MetaFile = "report.js";
    private const int MinShardSize = 1000;
    private const int MaxShards = 500;
    private static readonly byte[] CloseCall = Encoding.UTF8.GetBytes(");\n");

    private readonly PermissionSnapshot _snapshot;
    private readonly string _folder;
    private readonly string[] _users;
    private readonly Dictionary<string, int> _permissionIds = new(StringComparer.Ordinal);
    private readonly List<string> _permissionNames = [];
    private readonly Dictionary<(int Permission, RouteKind Kind, string Via, string PathAfterUser), int> _routeIds = new();
    private readonly List<(int Permission, RouteKind Kind, string Via, string PathAfterUser)> _routes = [];
    private readonly List<(string File, string First, int Count)> _shards = [];

    public ReportData(PermissionSnapshot snapshot, string folder, string[] users)
    {
        _snapshot = snapshot;
        _folder = folder;
        _users = users;
        ShardSize = Math.Max(MinShardSize, (users.Length + MaxShards - 1) / MaxShards);
    }

    /// <summary>Users per shard file: at least 1,000, more when there would be over 500 shards.</summary>
    public int ShardSize { get; }

    /// <summary>Writes the shards, then the shared file; returns how many files were written.</summary>
    public int Write(IReadOnlyList<PermissionSummary> overview, IReadOnlyDictionary<string, List<string>> grantees)
    {
        Directory.CreateDirectory(Path.Combine(_folder, Folder));
        // One shard at least, so that a store without users still has its (empty) list.
        var shards = Math.Max(1, (_users.Length + ShardSize - 1) / ShardSize);
        for (var shard = 0; shard < shards; shard++)
        {
            var start = shard * ShardSize;
            var count = Math.Min(ShardSize, _users.Length - start);
            var file = $"users-{shard:D4}.js";
            _shards.Add((file, count > 0 ? _users[start] : "", count));
            WriteCall(file, $"PermShellReport.users({shard}, ", json => WriteUsers(json, start, count));
        }
        WriteCall(MetaFile, "PermShellReport.meta(", json => WriteMeta(json, overview, grantees));
        return _shards.Count + 1;
    }

    private void WriteCall(string file, string call, Action<Utf8JsonWriter> body)
    {
        using var stream = new FileStream(Path.Combine(_folder, Folder, file), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        stream.Write(Encoding.UTF8.GetBytes(call));
        using (var json = new Utf8JsonWriter(stream))
            body(json);
        stream.Write(CloseCall);
    }

    /// <summary>[name, display name, email, flags (1 active, 2 superuser), groups, permissions held, [route numbers], why not (inactive users)] per user.</summary>
    private void WriteUsers(Utf8JsonWriter json, int start, int count)
    {
        var state = _snapshot.State;
        var audit = _snapshot.Audit;
        json.WriteStartArray();
        for (var i = start; i < start + count; i++)
        {
            var user = state.Users[_users[i]];
            json.WriteStartArray();
            json.WriteStringValue(user.Name);
            json.WriteStringValue(user.DisplayName);
            json.WriteStringValue(user.Email);
            json.WriteNumberValue((user.IsActive ? 1 : 0) | (user.IsSuperuser ? 2 : 0));
            json.WriteStringValue(string.Join(", ", _snapshot.GroupsOf(user.Name)));
            json.WriteNumberValue(audit.HeldCount(user.Name));
            json.WriteStartArray();
            foreach (var entry in audit.RoutesOf(user.Name)) json.WriteNumberValue(RouteId(entry));
            json.WriteEndArray();
            // Why an inactive user holds nothing, in Test-Permission's words.
            if (!user.IsActive) json.WriteStringValue(new DenialReason.InactiveUser(user.Name).Text);
            json.WriteEndArray();
        }
        json.WriteEndArray();
    }

    /// <summary>A route's number; its path is stored without the user's name it starts with, so users share it.</summary>
    private int RouteId(AuditEntry entry)
    {
        if (!entry.Path.StartsWith(entry.User, StringComparison.Ordinal))
            throw new InvalidOperationException($"The route '{entry.Path}' does not start with its user '{entry.User}'.");
        if (!_permissionIds.TryGetValue(entry.Permission, out var permission))
        {
            _permissionIds[entry.Permission] = permission = _permissionNames.Count;
            _permissionNames.Add(entry.Permission);
        }
        var key = (permission, entry.Route, entry.Via, entry.Path[entry.User.Length..]);
        if (_routeIds.TryGetValue(key, out var id)) return id;
        _routeIds[key] = id = _routes.Count;
        _routes.Add(key);
        return id;
    }

    private void WriteMeta(Utf8JsonWriter json, IReadOnlyList<PermissionSummary> overview, IReadOnlyDictionary<string, List<string>> grantees)
    {
        var state = _snapshot.State;
        json.WriteStartObject();
        json.WriteNumber("users", _users.Length);
        json.WriteStartArray("shards");
        foreach (var (file, first, count) in _shards)
        {
            json.WriteStartArray();
            json.WriteStringValue(file);
            json.WriteStringValue(first);
            json.WriteNumberValue(count);
            json.WriteEndArray();
        }
        json.WriteEndArray();

        json.WriteStartArray("names");
        foreach (var name in _permissionNames) json.WriteStringValue(name);
        json.WriteEndArray();
        // [permission number, kind, via, path after the user's name]
        json.WriteStartArray("routes");
        foreach (var (permission, kind, via, rest) in _routes)
        {
            json.WriteStartArray();
            json.WriteNumberValue(permission);
            json.WriteStringValue(kind.ToString());
            json.WriteStringValue(via);
            json.WriteStringValue(rest);
            json.WriteEndArray();
        }
        json.WriteEndArray();

        // The permissions that have a page (those of the overview), with what their page shows besides the holders. A list,
        // not an object keyed by name: a key "__proto__" in a script's object literal would set its prototype instead.
        json.WriteStartArray("permissions");
        foreach (var s in overview)
        {
            var definition = state.Permissions[s.Permission];
            json.WriteStartObject();
            json.WriteString("name", s.Permission);
            json.WriteString("app", s.App);
            json.WriteString("model", s.Model);
            json.WriteString("codeName", s.CodeName);
            json.WriteString("display", definition.Description.Length > 0 ? definition.Display : "");
            json.WriteString("implies", string.Join(", ", definition.Implies));
            json.WriteNumber("users", s.Users);
            json.WriteNumber("groups", s.Groups);
            json.WriteNumber("groupUsers", s.GroupUsers);
            json.WriteNumber("effectiveUsers", s.EffectiveUsers);
            json.WriteBoolean("anonymous", s.Anonymous);
            json.WriteBoolean("authenticated", s.Authenticated);
            // [name, kind]: user, group, everyone (anonymous) or every signed-in user (authenticated)
            json.WriteStartArray("grantees");
            if (grantees.TryGetValue(s.Permission, out var subjects))
                foreach (var subject in subjects)
                {
                    json.WriteStartArray();
                    json.WriteStringValue(subject);
                    json.WriteStringValue(KindOf(subject));
                    json.WriteEndArray();
                }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private string KindOf(string subject) => _snapshot.State.KindOf(subject) switch
    {
        SubjectKind.Group => "group",
        SubjectKind.Virtual => subject == PermissionState.Anonymous ? "everyone" : "every signed-in user",
        _ => "user",
    };
}
