using PermShell.Core.Manifest;

namespace PermShell.Core.Interchange;

/// <summary>
/// Reads a <c>trac-admin permission export</c> CSV as a <see cref="ManifestDocument"/>, with Trac's meaning: each row
/// is <c>subject,value,value,…</c>; a value is a permission when the catalog has it or when it is upper case (Trac's
/// rule), and any other value is a group the subject joins, created if absent. A subject is a user unless it is a
/// group already, a group some row joins, or anonymous/authenticated. Nothing is trimmed.
/// </summary>
/// <remarks>
/// Unlike trac-admin, which stops half way at the first bad row, a bad row refuses the whole file: this reader
/// reports row problems (empty row, no value, joining a user or a virtual group) and the validator the rest
/// (unknown permission, upper-case subject), all before anything is written.
/// <para>
/// Merge (default) adds, as trac-admin's import does. Sync makes every subject's grants and memberships exactly the
/// file's and keeps everything a CSV cannot carry: the catalog, users, their attributes, groups and their
/// descriptions. So a user the file does not mention loses its grants and memberships but stays, and after a Sync,
/// exporting as TracCsv gives the file's rows back.
/// </para>
/// </remarks>
public static class TracCsvReader
{
    public static ManifestDocument Read(string text, string file, PermissionState? store, ManifestMode mode, List<ManifestProblem> problems)
    {
        var rows = new List<(CsvField Subject, IReadOnlyList<CsvField> Values)>();
        foreach (var record in CsvRecords.Read(text, file, problems))
        {
            var at = new SourceLocation(file, record.Line, 1);
            if (record.Fields.Count == 0)
                problems.Add(new ManifestProblem(at, "PermShell.Manifest.EmptyRow",
                    $"Row {record.Line} is empty: every row is <subject>,<permission or group>[,…]. Remove the blank line."));
            else if (record.Fields.Count == 1)
                problems.Add(new ManifestProblem(at, "PermShell.Manifest.IncompleteRow",
                    $"Row {record.Line} names '{NameRules.Printable(record.Fields[0].Value)}' but no permission or group: every row is <subject>,<permission or group>[,…]."));
            else
                rows.Add((record.Fields[0], record.Fields.Skip(1).ToList()));
        }

        bool IsPermission(string value) => store?.Permissions.ContainsKey(value) == true || NameRules.IsUpper(value);

        // Groups some row joins, with where each is first written.
        var joined = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var (subject, values) in rows)
            foreach (var value in values)
            {
                if (IsPermission(value.Value)) continue;
                if (!Joinable(value, subject, store, problems)) continue;
                joined.TryAdd(value.Value, value.Location);
            }

        var users = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var groups = new Dictionary<string, Entry>(StringComparer.Ordinal);
        Entry GroupEntry(string name, SourceLocation at) =>
            groups.TryGetValue(name, out var e) ? e : groups[name] = new Entry(name, at);

        foreach (var (subject, values) in rows)
        {
            var name = subject.Value;
            var isGroup = PermissionState.IsVirtual(name) || store?.Groups.ContainsKey(name) == true
                || (store?.Users.ContainsKey(name) != true && joined.ContainsKey(name));
            var entry = isGroup ? GroupEntry(name, subject.Location)
                : users.TryGetValue(name, out var u) ? u : users[name] = new Entry(name, subject.Location);
            foreach (var value in values)
            {
                if (IsPermission(value.Value)) entry.Grants.Add(new ManifestName(value.Value, value.Location));
                else if (joined.ContainsKey(value.Value)) GroupEntry(value.Value, joined[value.Value]).Members.Add(new ManifestName(name, value.Location));
            }
        }
        foreach (var (name, at) in joined) GroupEntry(name, at);

        var sync = mode == ManifestMode.Sync;
        if (sync && store is not null) CoverStore(store, file, users, groups);
        return new ManifestDocument
        {
            Users = users.Values.Select(e => e.AsUser(store, sync)).ToList(),
            Groups = groups.Values.Select(e => e.AsGroup(store, sync)).ToList(),
        };
    }

    /// <summary>Whether a value can be a group to join; reports why not (a user, anonymous, authenticated, empty).</summary>
    private static bool Joinable(CsvField value, CsvField subject, PermissionState? store, List<ManifestProblem> problems)
    {
        var name = value.Value;
        string? why =
            name.Length == 0 ? "An empty value names neither a permission nor a group; remove the extra comma."
            : PermissionState.IsVirtual(name) ? $"'{name}' is a virtual group: everyone is in it already, and nobody can be added to it."
            : store?.Users.ContainsKey(name) == true ? $"'{NameRules.Printable(name)}' is a user in the store, so '{NameRules.Printable(subject.Value)}' cannot join it; only groups (and permissions) can be values."
            : null;
        if (why is null) return true;
        problems.Add(new ManifestProblem(value.Location, name.Length == 0 ? "PermShell.Manifest.EmptyValue" : "PermShell.Manifest.NotAGroup", why));
        return false;
    }

    /// <summary>
    /// Sync: every subject of the store is listed, so none is removed, with its attributes as they are, so none is
    /// reset; what the file does not give it (grants, members) is empty, so Sync removes it.
    /// </summary>
    private static void CoverStore(PermissionState store, string file, Dictionary<string, Entry> users, Dictionary<string, Entry> groups)
    {
        var at = SourceLocation.StartOf(file);
        foreach (var name in store.Users.Keys) users.TryAdd(name, new Entry(name, at));
        foreach (var name in store.Groups.Keys.Append(PermissionState.Anonymous).Append(PermissionState.Authenticated))
            groups.TryAdd(name, new Entry(name, at));
    }

    private sealed class Entry(string name, SourceLocation location)
    {
        public List<ManifestName> Grants { get; } = new();
        public List<ManifestName> Members { get; } = new();

        // In Merge an unstated list adds nothing; in Sync it is stated as empty. Attributes a CSV cannot carry are
        // left unstated in Merge (kept) and stated as stored in Sync (which would otherwise reset them).
        public ManifestUser AsUser(PermissionState? store, bool sync)
        {
            var stored = store?.Users.GetValueOrDefault(name);
            return new ManifestUser
            {
                Name = name,
                Location = location,
                Grants = Grants.Count > 0 || sync ? Grants : null,
                DisplayName = sync ? stored?.DisplayName : null,
                Email = sync ? stored?.Email : null,
                Active = sync ? stored?.IsActive : null,
                Superuser = sync ? stored?.IsSuperuser : null,
            };
        }

        public ManifestGroup AsGroup(PermissionState? store, bool sync) => new()
        {
            Name = name,
            Location = location,
            Grants = Grants.Count > 0 || sync ? Grants : null,
            Members = PermissionState.IsVirtual(name) ? null : Members.Count > 0 || sync ? Members : null,
            Description = sync ? store?.Groups.GetValueOrDefault(name)?.Description : null,
        };
    }
}
