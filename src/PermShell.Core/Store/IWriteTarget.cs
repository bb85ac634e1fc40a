using System.Data.Common;
using PermShell.Core.Engine;

namespace PermShell.Core.Store;

/// <summary>
/// What a <see cref="StoreWriter"/> needs of the backend it writes to, beyond a connection and a transaction: how
/// its failures read, how a transaction commits there, who the log names, and where the new snapshot goes.
/// </summary>
internal interface IWriteTarget
{
    /// <summary>The store's location, as errors name it.</summary>
    string Location { get; }

    /// <summary>
    /// The actor the backend records in the log itself (PostgreSQL's session user, a column default the client does
    /// not send), or null where the log names this process's OS user.
    /// </summary>
    string? ServerActor { get; }

    /// <summary>A backend's failure as an error that says what the user can do about it.</summary>
    PermShellException Error(DbException e);

    /// <summary>Commits <paramref name="tx"/> (SQLite retries a lock it reports without waiting).</summary>
    void CommitTransaction(DbTransaction tx);

    /// <summary>
    /// Called once a write committed: its state becomes the cached snapshot of the new revision, derived from the
    /// snapshot the writer started from and the changes it applied when there is one.
    /// </summary>
    void Publish(string storeId, long revision, PermissionState state, PermissionSnapshot? basedOn, IReadOnlyList<Change> applied);

    /// <summary>
    /// Takes back a writer's connection once its transaction has ended (committed or rolled back): closed by default;
    /// a server backend may keep it open for the next call.
    /// </summary>
    void Release(DbConnection connection) => connection.Dispose();
}
