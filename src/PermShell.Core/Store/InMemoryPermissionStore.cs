using PermShell.Core.Administration;
using PermShell.Core.Engine;
using PermShell.Core.Templates;

namespace PermShell.Core.Store;

/// <summary>
/// A store that lives in this process's memory only: the second implementation of <see cref="IPermissionStore"/>, so
/// that the store contract is tested against two backends (the core's tests use it; nothing is saved). It keeps the
/// same promises as the SQLite store: a new version with every commit, the stale re-check of
/// <see cref="StaleChangeCheck"/>, and a hash-chained change log whose entries are the ones the SQLite store writes
/// (same actions, cascades, sources and digests of the data, made by the same <see cref="LogChain"/>).
/// Each change costs a scan of the state (to find the rows it changed and the ones its cascade took): it is a test
/// double, not a backend for large stores.
/// </summary>
public sealed class InMemoryPermissionStore : IPermissionStore
{
    private readonly object _lock = new();
    private readonly List<(LogEntry Entry, string Time)> _log = new();
    private long _lastEntry;
    private string _head = ChangeLog.Genesis;
    private ContentDigest _digest = ContentDigest.OfNewStore();
    private PermissionSnapshot _snapshot = new(new PermissionState());
    private StoreVersion _version = new(PermissionStore.NewStoreId(), 0);

    /// <summary>A new store filled from <paramref name="template"/>, its content logged with <paramref name="source"/> as a new SQLite store's is.</summary>
    /// <param name="actor">Who acts on this store (the log's Actor, whose rights an enforced store checks); the OS user by default, any name in tests that play a role.</param>
    public InMemoryPermissionStore(StoreTemplateKind template = StoreTemplateKind.Empty, ChangeSource? source = null, string? actor = null)
    {
        Actor = actor ?? ChangeLog.CurrentActor();
        var batch = this.BeginBatch(source);
        foreach (var change in StateAsChanges.Additions(StoreTemplate.Create(template))) batch.Apply(change);
        Commit(batch);
    }

    public string Actor { get; }

    /// <summary>"memory:" and a name unique to this store.</summary>
    public string Location { get; } = $"memory:{Guid.NewGuid():N}";

    public (PermissionSnapshot Snapshot, StoreVersion Version) Read()
    {
        lock (_lock) return (_snapshot, _version);
    }

    public IReadOnlyList<Change> Commit(ChangeBatch batch, Action<int, int>? progress = null)
    {
        if (batch.Count == 0 && batch.Enforce is null) return Array.Empty<Change>();
        lock (_lock)
        {
            // Everything happens on a copy (O(1): it shares every entry) and in a log kept aside, so a refused change
            // leaves the store as it was.
            var state = _snapshot.State.Clone();
            var stale = batch.BasedOn != _version;
            if (stale && Administration.RightsGate.RecheckAtCommit(this, _snapshot, batch) is { Refused.Count: > 0 } rights)
                rights.Gate!.Refuse(batch.Source, rights.Refused);
            var entries = new List<(LogEntry, string)>();
            var chain = new LogChain(_lastEntry, _head, _digest.Copy(), Actor);
            var applied = new List<Change>();
            for (var i = 0; i < batch.Staged.Count; i++)
            {
                var (change, source) = batch.Staged[i];
                if (!stale || StaleChangeCheck.StillApplies(state, change))
                {
                    Apply(state, change, source, chain, entries);
                    applied.Add(change);
                }
                if (stale) batch.CheckExpectations(i + 1, state, Location);
                progress?.Invoke(i + 1, batch.Staged.Count);
            }
            if (batch.Enforce is { } enforce && enforce != state.IsEnforced)
            {
                state.IsEnforced = enforce;
                var (action, subject, target) = ChangeLog.Enforcement(enforce);
                entries.Add(chain.Next(batch.Source, action, subject, target));
            }
            if (entries.Count == 0) return applied;
            _log.AddRange(entries);
            (_lastEntry, _head, _digest) = (chain.LastId, chain.Head, chain.Digest);
            _snapshot = _snapshot.With(state, applied);
            _version = new StoreVersion(PermissionStore.NewStoreId(), _version.Revision + 1);
            return applied;
        }
    }

    public IEnumerable<LogEntry> ReadLog(DateTime? since = null, int? last = null, Func<LogEntry, bool>? filter = null, long after = 0)
    {
        List<LogEntry> entries;
        lock (_lock) entries = _log.Select(e => e.Entry).Where(e => e.Id > after).Where(ChangeLog.Wanted(since, filter)).ToList();
        return last is null ? entries : entries.TakeLast(Math.Max(0, last.Value));
    }

    public void RecordDenied(ChangeSource source, IReadOnlyList<Rules.Problem> denied)
    {
        if (denied.Count == 0) return;
        lock (_lock)
        {
            var chain = new LogChain(_lastEntry, _head, _digest.Copy(), Actor);
            foreach (var problem in denied)
            {
                var (action, subject, target) = ChangeLog.Denied(problem);
                _log.Add(chain.Next(source, action, subject, target));
            }
            (_lastEntry, _head) = (chain.LastId, chain.Head);
            _version = new StoreVersion(PermissionStore.NewStoreId(), _version.Revision + 1);
        }
    }

    public LogVerification VerifyLog()
    {
        lock (_lock) return LogVerifier.Verify(new Records(this));
    }

    public StoreInfo Info(bool isDefault)
    {
        var (snapshot, version) = Read();
        return PermissionStoreReads.InfoOf(Location, StoreSchema.CurrentVersion, snapshot.State, version, isDefault);
    }

    /// <summary>
    /// Applies one change to <paramref name="state"/> and logs it as the SQLite store does: first one entry for each
    /// grant and membership that its cascade takes with it (a removed user, group or permission), each with the
    /// digest of the data without that row, then the change's own entry with the digest of the data after it.
    /// </summary>
    private static void Apply(PermissionState state, Change change, ChangeSource source, LogChain chain, List<(LogEntry, string)> entries)
    {
        var before = Rows(state);
        StateChanges.Apply(state, change);
        var after = Rows(state);
        var (action, subject, target) = ChangeLog.Describe(change);
        var removed = before.Where(r => !after.ContainsKey(r.Key)).Select(r => r.Value).ToList();
        // Only a removal cascades; a rename replaces rows without logging each.
        var cascade = change.Action == ChangeAction.Remove ? Cascade(removed, subject) : [];
        foreach (var taken in cascade.Where(c => (c.Action, c.Subject, c.Target) != (action, subject, target)))
        {
            chain.Digest.Remove(taken.Row);
            removed.Remove(taken.Row);
            entries.Add(chain.Next(source, taken.Action, taken.Subject, taken.Target));
        }
        chain.Digest.RemoveRange(removed);
        chain.Digest.AddRange(after.Where(r => !before.ContainsKey(r.Key)).Select(r => r.Value));
        entries.Add(chain.Next(source, action, subject, target));
    }

    /// <summary>
    /// The grants and memberships among <paramref name="removed"/>, with the entry that logs each, in the SQLite
    /// store's order: grants by subject and permission, then the groups that held <paramref name="subject"/>, then its members.
    /// </summary>
    private static IEnumerable<CascadedRow> Cascade(List<StoreRow> removed, string subject)
    {
        var grants = removed.Where(r => r.Table == "permission_grant")
            .Select(r => new CascadedRow(r, "Remove Grant", (string)r.Values[0]!, (string)r.Values[1]!))
            .OrderBy(g => g.Subject, StringComparer.Ordinal).ThenBy(g => g.Target, StringComparer.Ordinal);
        var memberships = removed.Where(r => r.Table == "membership")
            .Select(r => new CascadedRow(r, "Remove Member", (string)r.Values[0]!, (string)r.Values[1]!))
            .OrderBy(m => m.Target == subject ? 0 : 1)
            .ThenBy(m => m.Target == subject ? m.Subject : m.Target, StringComparer.Ordinal);
        return grants.Concat(memberships);
    }

    /// <summary>A row a cascade removed, and the log entry that names it.</summary>
    private sealed record CascadedRow(StoreRow Row, string Action, string Subject, string Target);

    private static Dictionary<string, StoreRow> Rows(PermissionState state) =>
        StoreRow.Of(state).ToDictionary(r => r.Key(), StringComparer.Ordinal);

    /// <summary>This store's log for <see cref="LogVerifier"/>; read under the store's lock.</summary>
    private sealed class Records(InMemoryPermissionStore store) : ILogRecords
    {
        public IEnumerable<(LogEntry Entry, string Time)> InIdOrder() => store._log;

        public long? IdWithHash(string hash, long exceptId) =>
            store._log.Select(e => e.Entry).FirstOrDefault(e => e.Hash == hash && e.Id != exceptId)?.Id;

        public long? IdWithPreviousHash(string hash, long exceptId) =>
            store._log.Select(e => e.Entry).FirstOrDefault(e => e.PreviousHash == hash && e.Id != exceptId)?.Id;

        public (long? Count, string Head) RecordedHead() => (store._lastEntry, store._head);

        public ContentDigest DigestOfData() => ContentDigest.Of(StoreRow.Of(store._snapshot.State));
    }
}
