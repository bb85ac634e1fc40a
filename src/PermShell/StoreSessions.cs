using System.Collections.Concurrent;
using System.Management.Automation.Runspaces;
using PermShell.Core.Engine;
using PermShell.Core.Store;

namespace PermShell;

/// <summary>
/// The store a runspace uses when no -Store is given (Connect-PermissionStore), and the write transaction that
/// PermShell cmdlets in one pipeline share. Sharing matters: in <c>New-PermUser bob | Grant-Permission -Name X</c>
/// the second cmdlet runs while the first one's transaction is open; a second transaction would wait on the
/// first forever. So the cmdlets of a pipeline join one transaction, committed when the last of them ends and
/// rolled back if any of them fails terminally.
/// </summary>
internal static class StoreSessions
{
    private static readonly ConcurrentDictionary<Guid, string> DefaultPaths = new();
    private static readonly ConcurrentDictionary<(Guid Runspace, string Path), WriteSession> Open = new();

    private static Guid RunspaceId => Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty;

    /// <summary>The session's default store path: Connect-PermissionStore's, else $env:PERMSHELL_STORE, else the per-user default.</summary>
    public static string DefaultPath => DefaultPaths.TryGetValue(RunspaceId, out var path) ? path : StoreLocation.DefaultPath();

    public static bool IsConnected => DefaultPaths.ContainsKey(RunspaceId);

    public static void Connect(string path) => DefaultPaths[RunspaceId] = path;

    /// <summary>The open write session of this runspace on that store, if a cmdlet upstream in the pipeline holds one.</summary>
    public static WriteSession? Current(string path) => Open.TryGetValue((RunspaceId, path), out var s) ? s : null;

    public static WriteSession Join(PermissionStore store)
    {
        var key = (RunspaceId, store.Path);
        if (!Open.TryGetValue(key, out var session))
        {
            session = new WriteSession(store.BeginWrite(), () => Open.TryRemove(key, out _));
            Open[key] = session;
        }
        session.Participants++;
        return session;
    }
}

/// <summary>One write transaction shared by the PermShell cmdlets of a pipeline.</summary>
internal sealed class WriteSession
{
    private readonly Action _onClose;
    private PermissionSnapshot? _snapshot;
    private int _changesInSnapshot = -1;
    private bool _failed;

    public StoreWriter Writer { get; }

    public int Participants { get; set; }

    public WriteSession(StoreWriter writer, Action onClose)
    {
        Writer = writer;
        _onClose = onClose;
    }

    /// <summary>A snapshot that includes this transaction's uncommitted changes, rebuilt only after new ones.</summary>
    public PermissionSnapshot Snapshot()
    {
        if (_snapshot is null || _changesInSnapshot != Writer.Applied.Count)
        {
            _snapshot = new PermissionSnapshot(Writer.State.Clone());
            _changesInSnapshot = Writer.Applied.Count;
        }
        return _snapshot;
    }

    /// <summary>
    /// A participant is done. A participant that failed after changing the store dooms the transaction (its
    /// half-done work must not be committed); one that failed before changing anything, such as a nested call whose
    /// error a script catches, does not. The last participant commits, or rolls back a doomed transaction; if it
    /// itself succeeded it is told, so the rollback is never silent.
    /// </summary>
    public void Leave(bool succeeded, int appliedWhenJoined)
    {
        _failed |= !succeeded && Writer.Applied.Count > appliedWhenJoined;
        if (--Participants > 0) return;
        _onClose();
        try
        {
            if (!_failed)
                Writer.Commit();
            else if (succeeded)
                throw new PermShellException("PermShell.Store.RolledBack", ProblemKind.InvalidOperation,
                    "Nothing was saved: a command that shared this pipeline's transaction failed after changing the store, so all of the pipeline's changes were rolled back.");
        }
        finally
        {
            Writer.Dispose();
        }
    }
}
