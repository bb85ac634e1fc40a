using PermShell.Core.Engine;

namespace PermShell.Core.Store;

/// <summary>
/// What the cmdlets, the engine and the manifests need of a store, whatever keeps it (SPEC §1 "Store", STYLE "The
/// store is an interface with small verbs"): a consistent snapshot with the version it is of, one change set written
/// as one transaction, the change log and its verification. Each backend implements it (<see cref="PermissionStore"/>
/// on a SQLite file, <see cref="InMemoryPermissionStore"/> for tests) and one contract test suite runs against every
/// one. A backend records who made the changes itself (the OS user, or the database's session user): callers pass
/// only where each change comes from, on the batch. Opening a store from a location is <see cref="StoreFactory"/>'s.
/// </summary>
public interface IPermissionStore
{
    /// <summary>
    /// Where the store is, for messages, verbose output and Get-PermissionStore: a full path, or a connection's
    /// address. Never a secret. Equal locations name the same store (the key of a pipeline's shared changes).
    /// </summary>
    string Location { get; }

    /// <summary>
    /// The store's content as an indexed, read-only snapshot of one committed version, and that version (to stage
    /// changes against). Reading the same version twice may return the same snapshot.
    /// </summary>
    (PermissionSnapshot Snapshot, StoreVersion Version) Read();

    /// <summary>
    /// Writes a staged batch in one transaction, each change logged with the source it was staged with, and moves the
    /// store to a new version (an empty batch writes nothing and keeps the version). When the store moved on since
    /// the batch was staged, each change is first checked against the store as it is now
    /// (<see cref="Administration.StaleChangeCheck"/>): one already in effect is skipped, one that no longer holds
    /// stops the commit (PermShell.Store.Conflict) with nothing written. Returns the changes written.
    /// <paramref name="progress"/> hears (done, total) while a large batch is written.
    /// </summary>
    IReadOnlyList<Change> Commit(ChangeBatch batch, Action<int, int>? progress = null);

    /// <summary>
    /// The change log, oldest first: entries since <paramref name="since"/> (UTC) that match <paramref name="filter"/>,
    /// only the last <paramref name="last"/> of them when given, and only those after the entry with id
    /// <paramref name="after"/> (a change feed resumes there). Streams; it does not hold the whole log.
    /// </summary>
    IEnumerable<LogEntry> ReadLog(DateTime? since = null, int? last = null, Func<LogEntry, bool>? filter = null, long after = 0);

    /// <summary>
    /// Walks the whole change log and reports the first entry that was altered, removed or reordered; then checks that
    /// the store's data matches the digest the last entry carries.
    /// </summary>
    LogVerification VerifyLog();

    /// <summary>What Get-PermissionStore shows: the location, schema version, counts, revision and enforcement.</summary>
    StoreInfo Info(bool isDefault);

    /// <summary>
    /// Who acts on this store, as the backend knows it: the OS user running this process on a SQLite store
    /// (<see cref="ChangeLog.CurrentActor"/>), the database session user (session_user, authenticated and recorded by
    /// the server) on PostgreSQL. The change log's Actor, and the
    /// identity an enforced store's rights are checked for (SPEC §5). No caller can set it.
    /// </summary>
    string Actor { get; }

    /// <summary>
    /// Appends one Denied entry per refused change or operation (<see cref="ChangeLog.Denied"/> gives its subject and
    /// target), in a transaction of its own, changing no data (the digest stays the last entry's). Used by
    /// <see cref="Administration.RightsGate"/> in enforced stores.
    /// </summary>
    /// <remarks>
    /// Enforcement itself is a store flag the backend keeps beside the data and loads with it into
    /// <see cref="PermissionState.IsEnforced"/> on every <see cref="Read"/>; <see cref="Commit"/> switches it when the
    /// batch says so (<see cref="ChangeBatch.Enforce"/>), logging "Set Enforcement" with target On or Off.
    /// </remarks>
    void RecordDenied(ChangeSource source, IReadOnlyList<Rules.Problem> denied);

    /// <summary>
    /// Whether the store is enforced now (SPEC §5). A backend that can read its flag alone does, so that a check which
    /// only matters for enforced stores (replacing one) does not load a whole unenforced store first.
    /// </summary>
    bool IsEnforced() => this.Snapshot().State.IsEnforced;
}

/// <summary>
/// What a store can do that only some backends can: copy itself, as one consistent version, into a PermShell backup
/// file (a SQLite store file, which Restore-PermissionStore reads whatever the backend restored into). Apart from the
/// contract because an in-memory store has nothing to back up; the PostgreSQL backend of issue 13 will implement it.
/// </summary>
public interface IBackupSource
{
    /// <summary>
    /// Copies the store to <paramref name="destination"/> while others may keep reading and writing it: the copy is one
    /// consistent version, verified before it replaces anything.
    /// </summary>
    StoreBackup Backup(string destination, bool overwrite);
}

/// <summary>The verbs every store has, written once over <see cref="IPermissionStore"/>.</summary>
public static class PermissionStoreReads
{
    /// <summary>The store's content as an indexed, read-only snapshot of its latest version.</summary>
    public static PermissionSnapshot Snapshot(this IPermissionStore store) => store.Read().Snapshot;

    /// <summary>A batch to stage changes in, against the store's current content; nothing is written until it is committed.</summary>
    public static ChangeBatch BeginBatch(this IPermissionStore store, ChangeSource? source = null)
    {
        var (snapshot, version) = store.Read();
        return new ChangeBatch(snapshot, version, source);
    }

    /// <summary>What <see cref="IPermissionStore.Info"/> shows of a store's content at one version.</summary>
    internal static StoreInfo InfoOf(string location, int schemaVersion, PermissionState state, StoreVersion version, bool isDefault) => new()
    {
        Path = location,
        SchemaVersion = schemaVersion,
        Permissions = state.Permissions.Count,
        Users = state.Users.Count,
        Groups = state.Groups.Count,
        Grants = state.Grants.Values.Sum(g => g.Count),
        Memberships = state.Members.Values.Sum(m => m.Count),
        IsDefault = isDefault,
        Revision = version.Revision,
        IsEnforced = state.IsEnforced,
    };
}
