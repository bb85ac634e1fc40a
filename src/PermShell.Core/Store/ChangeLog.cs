using System.Diagnostics;
using System.Globalization;
using System.Data.Common;

namespace PermShell.Core.Store;

/// <summary>
/// The change log of SPEC §4: the change_log table, hash-chained. Each entry's hash is SHA-256 over a canonical
/// encoding of (previous hash, id, time, actor, action, subject, target, source, digest), where digest is the
/// <see cref="ContentDigest"/> of the store's data after the entry, so the log vouches for the tables too; meta keeps
/// the entry count and the last hash, updated in the same transaction, so that removing entries from the end is caught
/// as well. Entries written before schema 3 have no digest and keep the hash they were written with.
/// </summary>
internal static class ChangeLog
{
    /// <summary>The previous hash of the first entry.</summary>
    public const string Genesis = "";

    public const string CountKey = "log_count";
    public const string HeadKey = "log_head";

    private static readonly byte[] Domain = "PermShell change log v1\n"u8.ToArray();

    /// <summary>Entries with a digest hash under their own tag, so no entry of one form can pass for the other.</summary>
    private static readonly byte[] DigestDomain = "PermShell change log v2\n"u8.ToArray();

    /// <summary>Times are stored as fixed-width ISO-8601 UTC text, so text order is time order.</summary>
    public static string FormatTime(DateTime utc) =>
        utc.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>What ReadLog keeps: entries at or after <paramref name="since"/> (UTC) that match <paramref name="filter"/>.</summary>
    public static Func<LogEntry, bool> Wanted(DateTime? since, Func<LogEntry, bool>? filter)
    {
        var from = since is null ? null : FormatTime(since.Value);
        return e => (from is null || string.CompareOrdinal(FormatTime(e.Time), from) >= 0) && (filter is null || filter(e));
    }

    /// <summary>
    /// The log, oldest first, through <paramref name="readPage"/> (one page of entries for a WHERE clause, see
    /// <see cref="ReadPage"/>): entries after the id <paramref name="after"/> and since <paramref name="since"/> that
    /// match <paramref name="filter"/>, only the last <paramref name="last"/> of them when given. Page by page, so a
    /// long log streams; every backend reads its log this way.
    /// </summary>
    public static IEnumerable<LogEntry> Paged(Func<string, List<LogEntry>> readPage, DateTime? since, int? last, Func<LogEntry, bool>? filter, long after)
    {
        var wanted = Wanted(since, filter);
        if (last is null)
        {
            for (var from = Math.Max(0, after); ;)
            {
                var page = readPage(string.Create(CultureInfo.InvariantCulture, $"id > {from} ORDER BY id"));
                foreach (var e in page) if (wanted(e)) yield return e;
                if (page.Count < PageSize) yield break;
                from = page[^1].Id;
            }
        }
        if (last <= 0) yield break;
        var found = new List<LogEntry>();
        for (var before = long.MaxValue; found.Count < last;)
        {
            var page = readPage(string.Create(CultureInfo.InvariantCulture, $"id < {before} AND id > {Math.Max(0, after)} ORDER BY id DESC"));
            foreach (var e in page)
            {
                if (found.Count == last) break;
                if (wanted(e)) found.Add(e);
            }
            if (page.Count < PageSize) break;
            before = page[^1].Id;
        }
        for (var i = found.Count - 1; i >= 0; i--) yield return found[i];
    }

    private const int PageSize = 2000;

    /// <summary>One page of the log: the entries a WHERE clause of <see cref="Paged"/> selects.</summary>
    public static List<LogEntry> ReadPage(DbConnection connection, string where)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT {Columns} FROM change_log WHERE {where} LIMIT {PageSize};";
        using var r = cmd.ExecuteReader();
        var page = new List<LogEntry>();
        while (r.Read()) page.Add(Read(r));
        return page;
    }

    public static DateTime ParseTime(string text) =>
        DateTime.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    /// <summary>
    /// SHA-256 (lower-case hex, see <see cref="CanonicalHash"/>) over the entry's fields. An entry without a digest
    /// (written before schema 3) is hashed as it always was.
    /// </summary>
    public static string Hash(string previousHash, long id, string time, string actor, string action, string subject, string target, string source,
        string digest = "")
    {
        Span<string> all = [previousHash, id.ToString(CultureInfo.InvariantCulture), time, actor, action, subject, target, source, digest];
        Span<byte> hash = stackalloc byte[32];
        if (digest.Length == 0) CanonicalHash.Sha256(Domain, all[..^1], hash);
        else CanonicalHash.Sha256(DigestDomain, all, hash);
        return Convert.ToHexString(hash).ToLowerInvariant();
    }

    public static string Hash(LogEntry e, long id, string previousHash) =>
        Hash(previousHash, id, FormatTime(e.Time), e.Actor, e.Action, e.Subject, e.Target, e.Source, e.Digest);

    /// <summary>The OS user running this process: DOMAIN\user on Windows, the user name elsewhere.</summary>
    public static string CurrentActor()
    {
        var user = Environment.UserName;
        return OperatingSystem.IsWindows() && Environment.UserDomainName.Length > 0 ? $"{Environment.UserDomainName}\\{user}" : user;
    }

    /// <summary>
    /// The log's Action, Subject and Target for a change: "Add Grant", bob, WIKI_VIEW. This text is what existing logs
    /// hold and what their hashes cover: it never changes (ChangeKindsTests pins it for every kind).
    /// </summary>
    public static (string Action, string Subject, string Target) Describe(Change change) => change switch
    {
        AddGrant c => ("Add Grant", c.Subject, c.Permission),
        RemoveGrant c => ("Remove Grant", c.Subject, c.Permission),
        AddMember c => ("Add Member", c.Group, c.Member),
        RemoveMember c => ("Remove Member", c.Group, c.Member),
        AddUser c => ("Add User", c.User.Name, Attributes(null, Fields(c.User))),
        UpdateUser c => ("Update User", c.Name, Attributes(Fields(c.Before), Fields(c.After))),
        RemoveUser c => ("Remove User", c.Name, ""),
        RenameUser c => ("Rename User", c.Name, c.NewName),
        AddGroup c => ("Add Group", c.Group.Name, Attributes(null, Fields(c.Group))),
        UpdateGroup c => ("Update Group", c.Name, Attributes(Fields(c.Before), Fields(c.After))),
        RemoveGroup c => ("Remove Group", c.Name, ""),
        RenameGroup c => ("Rename Group", c.Name, c.NewName),
        AddPermission c => ("Add Permission", c.Definition.Name, Attributes(null, Fields(c.Definition))),
        UpdatePermission c => ("Update Permission", c.Name, Attributes(Fields(c.Before), Fields(c.After))),
        RemovePermission c => ("Remove Permission", c.Name, ""),
        AddPolicy c => ("Add Policy", c.Resource, $"Position={c.Position + 1}; Rules=[{Rules(c.Section)}]"),
        UpdatePolicy c => ("Update Policy", c.Resource, $"Rules: [{Rules(c.Before)}] -> [{Rules(c.After)}]"),
        RemovePolicy c => ("Remove Policy", c.Resource, ""),
        _ => throw new UnreachableException($"No log text for the change kind {change.GetType().Name}."),
    };

    /// <summary>The log's Action, Subject and Target for a refused change or operation: "Denied", whom it concerned, what was attempted.</summary>
    public static (string Action, string Subject, string Target) Denied(Rules.Problem problem) =>
        ("Denied", problem.Change is { } proposed ? Describe(proposed.Change).Subject : "", problem.Target);

    /// <summary>The log's Action, Subject and Target for switching enforcement on or off.</summary>
    public static (string Action, string Subject, string Target) Enforcement(bool on) => ("Set Enforcement", "", on ? "On" : "Off");

    /// <summary>What an Add set (every attribute) or an Update changed (old → new), so the log shows e.g. who made whom a superuser.</summary>
    private static string Attributes(List<(string Name, string Value)>? was, List<(string Name, string Value)> now)
    {
        var parts = new List<string>();
        for (var i = 0; i < now.Count; i++)
        {
            var (name, value) = now[i];
            if (was is null) parts.Add($"{name}={value}");
            else if (was[i].Value != value) parts.Add($"{name}: {was[i].Value} -> {value}");
        }
        return string.Join("; ", parts);
    }

    private static List<(string Name, string Value)> Fields(User u) =>
        [("DisplayName", Quote(u.DisplayName)), ("Email", Quote(u.Email)), ("IsActive", Bool(u.IsActive)), ("IsSuperuser", Bool(u.IsSuperuser))];

    private static List<(string Name, string Value)> Fields(Group g) => [("Description", Quote(g.Description))];

    private static List<(string Name, string Value)> Fields(PermissionDefinition p) =>
    [
        ("App", Quote(p.App)), ("Model", Quote(p.Model)), ("CodeName", Quote(p.CodeName)),
        ("Description", Quote(p.Description)), ("Implies", "[" + string.Join(", ", p.Implies) + "]"),
    ];

    /// <summary>A section's entries in Trac's form, separated by "; ".</summary>
    private static string Rules(PolicySection section) => string.Join("; ", section.Rules);

    private static string Quote(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Bool(bool b) => b ? "True" : "False";

    public static LogEntry Read(DbDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Time = ParseTimeOrMin(r.GetString(1)),
        Actor = r.GetString(2),
        Action = r.GetString(3),
        Subject = r.GetString(4),
        Target = r.GetString(5),
        Source = r.GetString(6),
        PreviousHash = r.GetString(7),
        Hash = r.GetString(8),
        Digest = r.GetString(9),
    };

    public const string Columns = "id, time, actor, action, subject, target, source, prev_hash, hash, digest";

    // A tampered time must not stop the log from being read or verified; verification hashes the stored text.
    private static DateTime ParseTimeOrMin(string text) =>
        DateTime.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t) ? t : DateTime.MinValue;
}

/// <summary>
/// Appends entries inside one write transaction with a prepared statement, carrying the chain's head and the
/// digest of the store's data in memory (<see cref="LogChain"/>), and records the new count and head in meta when the
/// transaction commits. Whoever changes the data updates <see cref="Digest"/> by the rows changed before appending
/// the change's entry. The same SQL on every backend; only who names the actor differs (see <see cref="Open"/>).
/// </summary>
internal sealed class LogAppender : IDisposable
{
    private readonly IRowInsert _rows;
    private readonly LogChain _chain;
    private readonly bool _serverActor;

    public int Appended => _chain.Appended;

    /// <summary>The digest of the store's data as of the next entry: the last entry's, updated by the rows changed since.</summary>
    public ContentDigest Digest
    {
        get => _chain.Digest;
        set => _chain.Digest = value;
    }

    private LogAppender(DbConnection connection, DbTransaction tx, LogChain chain, bool serverActor)
    {
        _chain = chain;
        _serverActor = serverActor;
        // A server-recorded actor is the column's default (PostgreSQL: session_user), never a value the client sends.
        var columns = ChangeLog.Columns.Split(", ").Where(c => !serverActor || c != "actor").ToArray();
        _rows = RowInsert.Into(connection, tx, "change_log", columns);
    }

    /// <summary>
    /// Continues the chain from what meta records. If rows exist past that count (meta was rolled back behind
    /// PermShell's back) new ids go after them, so nothing is overwritten and the mismatch stays visible. The digest
    /// continues from the last entry's; an empty log's is a new store's. It is never recomputed from the tables here:
    /// that would cost a scan per write and would make a change behind PermShell's back look vouched for.
    /// <paramref name="serverActor"/>: the backend records the actor itself (as <paramref name="actor"/>, which the
    /// hashes then cover); otherwise entries carry this process's OS user.
    /// </summary>
    public static LogAppender Open(DbConnection connection, DbTransaction tx, string? actor = null, bool serverActor = false)
    {
        long count = 0;
        var head = ChangeLog.Genesis;
        ContentDigest? digest = null;
        using (var cmd = connection.CreateCommand())
        {
            // One query (one round trip on a server): meta's count and head, and the last entry's id and digest.
            cmd.Transaction = tx;
            cmd.CommandText = $"SELECT (SELECT value FROM meta WHERE key = '{ChangeLog.CountKey}'), (SELECT value FROM meta WHERE key = '{ChangeLog.HeadKey}'), " +
                "(SELECT id FROM change_log ORDER BY id DESC LIMIT 1), (SELECT digest FROM change_log ORDER BY id DESC LIMIT 1);";
            using var r = cmd.ExecuteReader();
            r.Read();
            if (!r.IsDBNull(0)) long.TryParse(r.GetString(0), NumberStyles.None, CultureInfo.InvariantCulture, out count);
            if (!r.IsDBNull(1)) head = r.GetString(1);
            if (!r.IsDBNull(2))
            {
                count = Math.Max(count, r.GetInt64(2));
                digest = ContentDigest.Parse(r.GetString(3));
            }
        }
        return new LogAppender(connection, tx, new LogChain(count, head, digest ?? ContentDigest.OfNewStore(), actor), serverActor);
    }

    public void Append(ChangeSource source, string action, string subject, string target)
    {
        var (e, time) = _chain.Next(source, action, subject, target);
        object[] values = _serverActor
            ? [e.Id, time, e.Action, e.Subject, e.Target, e.Source, e.PreviousHash, e.Hash, e.Digest]
            : [e.Id, time, e.Actor, e.Action, e.Subject, e.Target, e.Source, e.PreviousHash, e.Hash, e.Digest];
        if (_rows.Add(values)) _rows.Flush();
    }

    /// <summary>Sends the entries appended and not yet sent (<see cref="IRowInsert"/>); WriteHead does it before it records the head.</summary>
    public void Flush() => _rows.Flush();

    /// <summary>Records the chain's length and head in meta, with <paramref name="withMeta"/> (a commit's revision and store id) in the same statement; called in the transaction, just before it commits.</summary>
    public void WriteHead(DbConnection connection, DbTransaction tx, params (string Key, string Value)[] withMeta)
    {
        Flush();
        StoreMeta.Set(connection, tx, [.. withMeta, (ChangeLog.CountKey, _chain.LastId.ToString(CultureInfo.InvariantCulture)), (ChangeLog.HeadKey, _chain.Head)]);
    }

    public void Dispose() => _rows.Dispose();
}
