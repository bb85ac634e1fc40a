using PermShell.Core.Engine;
using System.Data.Common;
using System.Diagnostics;
using PermShell.Core.Administration;

namespace PermShell.Core.Store;

/// <summary>
/// One write transaction, on any backend (its SQL is the same on each). <see cref="Apply"/> executes a
/// <see cref="Change"/> against the store's tables and the in-memory
/// <see cref="State"/> together, so later validation in the same call sees earlier changes. Statements are
/// prepared once per transaction and reused, so large change sets are not parsed row by row.
/// Every applied change also appends an entry to the change log, in the same transaction, so a change and its
/// log entry are committed or rolled back together. Each kind's write (one arm of Apply's switch over the sealed
/// change records) updates the log's digest of the data by exactly the rows its statements add, remove or replace
/// (cascades included), before the entry that records them is appended.
/// Nothing is visible to others until <see cref="Commit"/>; disposing without it rolls everything back.
/// </summary>
public sealed class StoreWriter : IDisposable
{
    private readonly IWriteTarget _store;
    private readonly DbConnection _connection;
    private readonly DbTransaction _tx;
    private readonly string _storeId;
    private readonly long _revision;
    private readonly Dictionary<string, DbCommand> _prepared = new(StringComparer.Ordinal);
    private readonly LogAppender _log;
    private readonly PermissionSnapshot? _basedOnSnapshot;
    private readonly bool _ownsConnection;
    private bool _committed;

    /// <summary>
    /// Where the changes applied from now on come from (a cmdlet, a manifest), as the change log records it. The
    /// cmdlets of one pipeline share a writer and each sets its own name before applying.
    /// </summary>
    public ChangeSource Source { get; set; }

    /// <summary>The store's content as of this transaction, including the changes applied so far.</summary>
    public PermissionState State { get; }

    /// <summary>The version of the store this transaction started from.</summary>
    public StoreVersion BasedOn => new(_storeId, _revision);

    /// <summary>The changes applied in this transaction, in order.</summary>
    public List<Change> Applied { get; } = new();

    internal StoreWriter(IWriteTarget store, DbConnection connection, DbTransaction tx, PermissionState state,
        PermissionSnapshot? basedOnSnapshot, StoreVersion basedOn, ChangeSource source, bool ownsConnection = true)
    {
        _ownsConnection = ownsConnection;
        _basedOnSnapshot = basedOnSnapshot;
        _store = store;
        _connection = connection;
        _tx = tx;
        State = state;
        _storeId = basedOn.StoreId;
        _revision = basedOn.Revision;
        Source = source;
        _log = LogAppender.Open(connection, tx, store.ServerActor, serverActor: store.ServerActor is not null);
        _users = RowInsert.Into(connection, tx, "subject", "name", "kind", "display_name", "email", "is_active", "is_superuser");
        _groups = RowInsert.Into(connection, tx, "subject", "name", "kind", "description");
        _members = RowInsert.Into(connection, tx, "membership", "group_name", "member_name");
        _grants = RowInsert.Into(connection, tx, "permission_grant", "subject", "permission");
    }

    // New subjects, memberships and grants go the backend's cheapest way (RowInsert); where rows wait to go many to a
    // statement, every other statement and the commit first send them, subjects before the rows that refer to them.
    private readonly IRowInsert _users, _groups, _members, _grants;

    private void FlushInserts()
    {
        _users.Flush();
        _groups.Flush();
        _members.Flush();
        _grants.Flush();
        _log.Flush();
    }

    private void Insert(IRowInsert rows, params object[] values)
    {
        if (rows.Add(values)) FlushInserts();
    }

    /// <summary>
    /// Writes a staged batch in a write transaction that <paramref name="begin"/> starts, and commits it: the one commit
    /// path of every backend. A batch with no changes and no switch of enforcement writes nothing.
    /// When the store moved on since the batch was staged, each change is first checked against the store as it is now
    /// (<see cref="StaleChangeCheck"/>): one already in effect is skipped, one that no longer holds stops the commit
    /// with nothing written, and so does a plan that no longer reaches its goal (<see cref="ChangeBatch.Expect"/>).
    /// Returns the changes written.
    /// </summary>
    internal static IReadOnlyList<Change> Write(Func<ChangeSource?, StoreWriter> begin, ChangeBatch batch, Action<int, int>? progress)
    {
        if (batch.Count == 0 && batch.Enforce is null) return Array.Empty<Change>();
        (Administration.RightsGate? Gate, IReadOnlyList<Rules.Problem> Refused) rights = (null, []);
        using (var writer = begin(null))
        {
            var stale = writer.BasedOn != batch.BasedOn;
            if (stale && writer._store is IPermissionStore store)
                rights = Administration.RightsGate.RecheckAtCommit(store, writer._basedOnSnapshot ?? new PermissionSnapshot(writer.State.Clone()), batch);
            if (rights.Refused.Count == 0) return WriteStaged(writer, batch, stale, progress);
        }
        // Rolled back first: the Denied entries are a write of their own, which this transaction's lock would block.
        rights.Gate!.Refuse(batch.Source, rights.Refused);
        return Array.Empty<Change>();
    }

    private static IReadOnlyList<Change> WriteStaged(StoreWriter writer, ChangeBatch batch, bool stale, Action<int, int>? progress)
    {
        for (var i = 0; i < batch.Staged.Count; i++)
        {
            var (change, source) = batch.Staged[i];
            if (!stale || StaleChangeCheck.StillApplies(writer.State, change))
            {
                writer.Source = source;
                writer.Apply(change);
            }
            if (stale) batch.CheckExpectations(i + 1, writer.State, writer._store.Location);
            progress?.Invoke(i + 1, batch.Staged.Count);
        }
        if (batch.Enforce is { } enforce)
        {
            writer.Source = batch.Source;
            writer.SetEnforced(enforce);
        }
        writer.Commit();
        return writer.Applied;
    }

    public void Apply(Change change)
    {
        try
        {
            var groupsContaining = change switch
            {
                AddPermission c => AddPermission(c.Definition),
                UpdatePermission c => UpdatePermission(c.After),
                RemovePermission c => RemovePermission(c.Name),
                AddUser c => WriteUser(c.User, update: false),
                UpdateUser c => WriteUser(c.After, update: true),
                RemoveUser c => RemoveSubject(c.Name, State.Users.TryGetValue(c.Name, out var old) ? StoreRow.User(old) : null),
                RenameUser c => RenameSubject(c.Name, c.NewName, StoreRow.User(c.Before), StoreRow.User(c.After), c.Name, c.NewName),
                AddGroup c => WriteGroup(c.Group, update: false),
                UpdateGroup c => WriteGroup(c.After, update: true),
                RemoveGroup c => RemoveSubject(c.Name, State.Groups.TryGetValue(c.Name, out var old) ? StoreRow.Group(old) : null),
                RenameGroup c => RenameSubject(c.Name, c.NewName, StoreRow.Group(c.Before), StoreRow.Group(c.After), null, null),
                AddMember c => AddRow(_members, StoreRow.Member(c.Group, c.Member), c.Group, c.Member),
                RemoveMember c => RemoveRow("DELETE FROM membership WHERE group_name = @a AND member_name = @b;", StoreRow.Member(c.Group, c.Member), c.Group, c.Member),
                AddGrant c => AddRow(_grants, StoreRow.Grant(c.Subject, c.Permission), c.Subject, c.Permission),
                RemoveGrant c => RemoveRow("DELETE FROM permission_grant WHERE subject = @a AND permission = @b;", StoreRow.Grant(c.Subject, c.Permission), c.Subject, c.Permission),
                AddPolicy or UpdatePolicy or RemovePolicy => WritePolicies(StateChanges.PolicyList(State.Policies, change)),
                _ => throw new UnreachableException($"No SQL for the change kind {change.GetType().Name}."),
            };
            StateChanges.Apply(State, change, groupsContaining);
            var (action, subject, target) = ChangeLog.Describe(change);
            _log.Append(Source, action, subject, target);
        }
        catch (DbException e)
        {
            throw _store.Error(e);
        }
        Applied.Add(change);
    }

    /// <summary>
    /// Logs one Denied entry per refused change or operation (<see cref="ChangeLog.Denied"/>) in a write transaction
    /// of its own (<paramref name="begin"/> starts one) and commits: the data is not touched, the digest stays the last entry's. Every backend's
    /// <see cref="IPermissionStore.RecordDenied"/> ends here.
    /// </summary>
    internal static void WriteDenied(Func<ChangeSource?, StoreWriter> begin, ChangeSource source, IReadOnlyList<Rules.Problem> denied)
    {
        if (denied.Count == 0) return;
        using var writer = begin(source);
        foreach (var problem in denied)
        {
            var (action, subject, target) = ChangeLog.Denied(problem);
            writer.Log(action, subject, target);
        }
        writer.Commit();
    }

    /// <summary>
    /// Appends a log entry that records no change of the store's content (an enforced store's Denied attempts,
    /// SPEC §4/§5; a restore). It is committed like a change.
    /// </summary>
    public void Log(string action, string subject, string target)
    {
        try
        {
            _log.Append(Source, action, subject, target);
        }
        catch (DbException e)
        {
            throw _store.Error(e);
        }
    }

    /// <summary>Switches the store's enforcement flag (SPEC §5) in this transaction and logs it; nothing when it is already so.</summary>
    public void SetEnforced(bool on)
    {
        if (State.IsEnforced == on) return;
        try
        {
            StoreMeta.Set(_connection, _tx, StateLoader.EnforcedKey, on ? "1" : "0");
            State.IsEnforced = on;
            var (action, subject, target) = ChangeLog.Enforcement(on);
            _log.Append(Source, action, subject, target);
        }
        catch (DbException e)
        {
            throw _store.Error(e);
        }
    }

    /// <summary>Makes the transaction durable (when anything changed) and publishes the new state as the cached snapshot.</summary>
    public void Commit()
    {
        if (_committed) throw new InvalidOperationException("The transaction was already committed.");
        try
        {
            if (Applied.Count == 0 && _log.Appended == 0)
            {
                _tx.Rollback();
            }
            else
            {
                // A fresh store id with every commit: (store id, revision) then names this content and no other (see ReadRevision).
                FlushInserts();
                var storeId = PermissionStore.NewStoreId();
                _log.WriteHead(_connection, _tx, ("revision", (_revision + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)), ("store_id", storeId));
                _store.CommitTransaction(_tx);
                _store.Publish(storeId, _revision + 1, State, _basedOnSnapshot, Applied);
            }
            _committed = true;
        }
        catch (DbException e)
        {
            throw _store.Error(e);
        }
    }

    public void Dispose()
    {
        foreach (var cmd in _prepared.Values) cmd.Dispose();
        foreach (var rows in new[] { _users, _groups, _members, _grants }) rows.Dispose();
        _log.Dispose();
        if (!_committed)
        {
            try { _tx.Rollback(); } catch (Exception e) when (e is DbException or InvalidOperationException) { /* the connection is closing anyway */ }
        }
        if (!_ownsConnection) return;
        _tx.Dispose();
        _store.Release(_connection);
    }

    /// <summary>Writes a new permission with its implications; no groups are affected.</summary>
    private IReadOnlyList<string>? AddPermission(PermissionDefinition def)
    {
        var written = Execute("INSERT INTO permission(name, app, model, codename, description) VALUES (@n, @a, @m, @c, @d);",
            ("@n", def.Name), ("@a", def.App), ("@m", def.Model), ("@c", def.CodeName), ("@d", def.Description)) > 0;
        WriteImplications(def, written);
        return null;
    }

    /// <summary>An update replaces the permission's row and all its implication rows.</summary>
    private IReadOnlyList<string>? UpdatePermission(PermissionDefinition def)
    {
        var name = def.Name;
        State.Permissions.TryGetValue(name, out var old);
        var written = Execute("UPDATE permission SET app = @a, model = @m, codename = @c, description = @d WHERE name = @n;",
            ("@n", name), ("@a", def.App), ("@m", def.Model), ("@c", def.CodeName), ("@d", def.Description)) > 0;
        Execute("DELETE FROM implication WHERE permission = @n;", ("@n", name));
        if (written && old is not null) _log.Digest.RemoveRange([StoreRow.Permission(old), .. StoreRow.Implications(old)]);
        WriteImplications(def, written);
        return null;
    }

    private void WriteImplications(PermissionDefinition def, bool written)
    {
        for (var i = 0; i < def.Implies.Count; i++)
            Execute("INSERT INTO implication(permission, position, pattern) VALUES (@n, @i, @p);", ("@n", def.Name), ("@i", i), ("@p", def.Implies[i]));
        if (written) _log.Digest.AddRange([StoreRow.Permission(def), .. StoreRow.Implications(def)]);
    }

    private IReadOnlyList<string>? RemovePermission(string name)
    {
        State.Permissions.TryGetValue(name, out var old);
        // The schema's cascade takes the permission's grants and implications with it; the log names each grant.
        foreach (var (subject, grants) in State.Grants.OrderBy(g => g.Key, StringComparer.Ordinal))
            if (grants.Contains(name)) LogCascade(StoreRow.Grant(subject, name), "Remove Grant", subject, name);
        if (Execute("DELETE FROM permission WHERE name = @n;", ("@n", name)) > 0 && old is not null)
            _log.Digest.RemoveRange([StoreRow.Permission(old), .. StoreRow.Implications(old)]);
        return null;
    }

    /// <summary>Inserts a user, or updates it (<paramref name="update"/>) in place.</summary>
    private IReadOnlyList<string>? WriteUser(User user, bool update)
    {
        if (!update)
        {
            Insert(_users, user.Name, "user", user.DisplayName, user.Email, user.IsActive ? 1 : 0, user.IsSuperuser ? 1 : 0);
            Replace(null, StoreRow.User(user));
        }
        else if (Execute("UPDATE subject SET display_name = @dn, email = @e, is_active = @a, is_superuser = @s WHERE name = @n AND kind = 'user';",
                     ("@n", user.Name), ("@dn", user.DisplayName), ("@e", user.Email), ("@a", user.IsActive ? 1 : 0), ("@s", user.IsSuperuser ? 1 : 0)) > 0)
        {
            Replace(State.Users.TryGetValue(user.Name, out var old) ? StoreRow.User(old) : null, StoreRow.User(user));
        }
        return null;
    }

    /// <summary>Inserts a group, or updates its description (<paramref name="update"/>).</summary>
    private IReadOnlyList<string>? WriteGroup(Group group, bool update)
    {
        if (!update)
        {
            Insert(_groups, group.Name, "group", group.Description);
            Replace(null, StoreRow.Group(group));
        }
        else if (Execute("UPDATE subject SET description = @d WHERE name = @n AND kind = 'group';", ("@n", group.Name), ("@d", group.Description)) > 0)
        {
            Replace(State.Groups.TryGetValue(group.Name, out var old) ? StoreRow.Group(old) : null, StoreRow.Group(group));
        }
        return null;
    }

    /// <summary>Inserts a membership or grant row and adds it to the digest.</summary>
    private IReadOnlyList<string>? AddRow(IRowInsert rows, StoreRow row, string a, string b)
    {
        Insert(rows, a, b);
        _log.Digest.Add(row);
        return null;
    }

    /// <summary>Deletes a membership or grant row (parameters @a, @b); the digest loses it only if it was there.</summary>
    private IReadOnlyList<string>? RemoveRow(string sql, StoreRow row, string a, string b)
    {
        if (Execute(sql, ("@a", a), ("@b", b)) > 0) _log.Digest.Remove(row);
        return null;
    }

    /// <summary>
    /// Deletes a user or group row; the schema's cascades remove its grants and memberships, and so do we in memory.
    /// The log names each grant and membership that goes with it, before the subject's own entry. Returns the
    /// groups that held the subject, for the in-memory cascade.
    /// </summary>
    private IReadOnlyList<string> RemoveSubject(string name, StoreRow? row)
    {
        // Ask the member index which groups hold it: sweeping every group made a Sync that removes 50,000 users
        // from 5,000 groups take minutes.
        var groups = Strings("SELECT group_name FROM membership WHERE member_name = @n;", ("@n", name));
        // The cascade below is logged entry by entry, so the log alone tells what a removal took with it.
        foreach (var permission in State.GrantsOf(name).Order(StringComparer.Ordinal))
            LogCascade(StoreRow.Grant(name, permission), "Remove Grant", name, permission);
        foreach (var group in groups.Order(StringComparer.Ordinal))
            LogCascade(StoreRow.Member(group, name), "Remove Member", group, name);
        foreach (var member in State.MembersOf(name).Order(StringComparer.Ordinal))
            LogCascade(StoreRow.Member(name, member), "Remove Member", name, member);
        if (Execute("DELETE FROM subject WHERE name = @n;", ("@n", name)) > 0 && row is { } subject) _log.Digest.Remove(subject);
        return groups;
    }

    /// <summary>
    /// Renames a user or group in place: its row, its grants, the memberships it holds and the ones it is in, and the
    /// resource-policy entries for a user and its place in the policy's [groups] (<paramref name="policySubject"/>: the
    /// user's name; null for a group, since '@name' in a policy is the policy's own group). The schema's foreign keys
    /// have no ON UPDATE action and a server backend checks them per statement, so the row under the new name comes
    /// first, the references move to it, and the old row goes last: every statement keeps the keys intact, on every
    /// backend. Nothing is logged but the rename itself: the grants and memberships stay.
    /// Returns the groups that held the subject, for the in-memory rename.
    /// </summary>
    private IReadOnlyList<string> RenameSubject(string name, string newName, StoreRow before, StoreRow after, string? policySubject, string? newPolicySubject)
    {
        var groups = Strings("SELECT group_name FROM membership WHERE member_name = @n;", ("@n", name));
        if (Execute("INSERT INTO subject(name, kind, display_name, email, description, is_active, is_superuser) " +
                "SELECT @new, kind, display_name, email, description, is_active, is_superuser FROM subject WHERE name = @n AND kind = @k;",
                ("@n", name), ("@new", newName), ("@k", before.Values[1]!)) == 0)
            return groups;
        Replace(before, after);
        foreach (var permission in State.GrantsOf(name)) Replace(StoreRow.Grant(name, permission), StoreRow.Grant(newName, permission));
        foreach (var group in groups) Replace(StoreRow.Member(group, name), StoreRow.Member(group, newName));
        foreach (var member in State.MembersOf(name)) Replace(StoreRow.Member(name, member), StoreRow.Member(newName, member));
        Execute("UPDATE permission_grant SET subject = @new WHERE subject = @n;", ("@n", name), ("@new", newName));
        Execute("UPDATE membership SET member_name = @new WHERE member_name = @n;", ("@n", name), ("@new", newName));
        Execute("UPDATE membership SET group_name = @new WHERE group_name = @n;", ("@n", name), ("@new", newName));
        Execute("DELETE FROM subject WHERE name = @n;", ("@n", name));
        if (policySubject is null || newPolicySubject is null) return groups;
        var policies = StateChanges.PolicyEntriesRenamed(State.Policies, policySubject, newPolicySubject);
        if (!ReferenceEquals(policies, State.Policies)) WritePolicies(policies);
        return groups;
    }

    /// <summary>
    /// Rewrites the policy tables as <paramref name="after"/>: a section added or removed moves those after it, and
    /// a policy has tens of sections, not thousands, so the whole ordered list is written again. (Kept apart from the
    /// grant and subject writes: a backend ports it as one delete-and-insert.)
    /// </summary>
    private IReadOnlyList<string>? WritePolicies(IReadOnlyList<PolicySection> after)
    {
        Execute("DELETE FROM policy_rule;");
        Execute("DELETE FROM policy_section;");
        _log.Digest.RemoveRange(StoreRow.Policies(State.Policies));
        for (var position = 0; position < after.Count; position++)
        {
            var section = after[position];
            Execute("INSERT INTO policy_section(resource, position) VALUES (@r, @p);", ("@r", section.Resource), ("@p", (long)position));
            for (var i = 0; i < section.Rules.Count; i++)
                Execute("INSERT INTO policy_rule(resource, position, subject, permissions) VALUES (@r, @p, @s, @x);",
                    ("@r", section.Resource), ("@p", (long)i), ("@s", section.Rules[i].Subject), ("@x", StoreRow.PolicyPermissions(section.Rules[i])));
        }
        _log.Digest.AddRange(StoreRow.Policies(after));
        return null;
    }

    /// <summary>An inserted row (<paramref name="before"/> null) or an updated one, in the digest.</summary>
    private void Replace(StoreRow? before, StoreRow after)
    {
        if (before is { } row) _log.Digest.Remove(row);
        _log.Digest.Add(after);
    }

    /// <summary>A row that the schema's cascade removes with its owner: out of the digest, then logged, so its entry carries the data without it.</summary>
    private void LogCascade(StoreRow row, string action, string subject, string target)
    {
        _log.Digest.Remove(row);
        _log.Append(Source, action, subject, target);
    }

    /// <summary>Runs a statement; returns the rows it changed itself (SQLite does not count what a cascade removes).</summary>
    private int Execute(string sql, params (string Name, object Value)[] parameters)
    {
        FlushInserts();
        return Prepared(sql, parameters).ExecuteNonQuery();
    }

    private List<string> Strings(string sql, params (string Name, object Value)[] parameters)
    {
        FlushInserts();
        var values = new List<string>();
        using var reader = Prepared(sql, parameters).ExecuteReader();
        while (reader.Read()) values.Add(reader.GetString(0));
        return values;
    }

    private DbCommand Prepared(string sql, (string Name, object Value)[] parameters)
    {
        var isNew = !_prepared.TryGetValue(sql, out var cmd);
        if (cmd is null)
        {
            cmd = _connection.CreateCommand();
            cmd.Transaction = _tx;
            cmd.CommandText = sql;
            foreach (var (n, _) in parameters)
            {
                var parameter = cmd.CreateParameter();
                parameter.ParameterName = n;
                cmd.Parameters.Add(parameter);
            }
            _prepared[sql] = cmd;
        }
        foreach (var (n, v) in parameters) cmd.Parameters[n].Value = v;
        // Prepared once the first values are set: a server backend infers the parameters' types from them.
        if (isNew) cmd.Prepare();
        return cmd;
    }
}
