using System.Collections.Concurrent;
using System.Management.Automation.Runspaces;
using PermShell.Core.Administration;
using PermShell.Core.Engine;
using PermShell.Core.Store;

namespace PermShell;

/// <summary>
/// The store a runspace uses when no -Store is given (Connect-PermissionStore), and the changes that PermShell
/// cmdlets in one pipeline stage together. Sharing matters: in <c>New-PermUser bob | Grant-Permission -Name X</c>
/// the second cmdlet must see bob before anything is written. So the cmdlets of a pipeline stage into one
/// <see cref="ChangeBatch"/>, written in one short transaction when the last of them ends, and dropped if any of
/// them fails terminally. No lock is held while the pipeline runs.
/// </summary>
internal static class StoreSessions
{
    /// <summary>Per runspace: what Connect-PermissionStore was given (a path, or a connection string that may hold a password) and the store's location.</summary>
    private static readonly ConcurrentDictionary<Guid, (string OpenWith, string Location)> DefaultPaths = new();
    private static readonly ConcurrentDictionary<(Guid Runspace, string Location), WriteSession> Open = new();

    private static Guid RunspaceId => Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty;

    /// <summary>The session's default store path: Connect-PermissionStore's, else $env:PERMSHELL_STORE, else the per-user default.</summary>
    public static string DefaultPath => DefaultPaths.TryGetValue(RunspaceId, out var d) ? d.OpenWith : StoreLocation.DefaultPath();

    /// <summary>Whether <paramref name="store"/> is the session's default store.</summary>
    public static bool IsDefault(IPermissionStore store)
    {
        if (DefaultPaths.TryGetValue(RunspaceId, out var d)) return d.Location == store.Location;
        try { return StoreFactory.Describe(StoreLocation.DefaultPath()) == store.Location; }
        catch (PermShellException) { return false; }
    }

    public static bool IsConnected => DefaultPaths.ContainsKey(RunspaceId);

    /// <summary>Makes <paramref name="store"/>, opened from <paramref name="openWith"/>, the session's default.</summary>
    public static void Connect(IPermissionStore store, string openWith) => DefaultPaths[RunspaceId] = (openWith, store.Location);

    /// <summary>The open write session of this runspace on the store at <paramref name="location"/>, if a cmdlet upstream in the pipeline holds one.</summary>
    public static WriteSession? Current(string location) => Open.TryGetValue((RunspaceId, location), out var s) ? s : null;

    public static WriteSession Join(IPermissionStore store)
    {
        var key = (RunspaceId, store.Location);
        if (!Open.TryGetValue(key, out var session))
        {
            session = new WriteSession(store, () => Open.TryRemove(key, out _));
            Open[key] = session;
        }
        session.Participants++;
        return session;
    }
}

/// <summary>The changes staged by the PermShell cmdlets of one pipeline, and when to write them.</summary>
internal sealed class WriteSession
{
    private readonly IPermissionStore _store;
    private readonly Action _onClose;
    private bool _failed;

    /// <summary>The staged changes, against the store's content when the first cmdlet of the pipeline joined.</summary>
    public ChangeBatch Changes { get; }

    public int Participants { get; set; }

    /// <summary>Where the changes are written, as the store names itself (a path).</summary>
    public string Location => _store.Location;

    public WriteSession(IPermissionStore store, Action onClose)
    {
        _store = store;
        _onClose = onClose;
        var (snapshot, version) = store.Read();
        // In an enforced store every change is admitted by the actor's rights (the store's own actor: nothing here
        // lets a caller name another).
        Changes = new ChangeBatch(snapshot, version) { Gate = RightsGate.For(store, snapshot) };
    }

    /// <summary>A snapshot that includes the staged changes, derived from the store's after new ones (see <see cref="ChangeBatch.Snapshot"/>).</summary>
    public PermissionSnapshot Snapshot() => Changes.Snapshot;

    /// <summary>
    /// A participant is done. A participant that failed after staging changes dooms the session (its half-done work
    /// must not be written); one that failed before staging anything, such as a nested call whose error a script
    /// catches, does not. The last participant writes the staged changes in one transaction, or drops a doomed
    /// session's; if it itself succeeded it is told, so the drop is never silent.
    /// </summary>
    /// <returns>The changes written, when this participant wrote them; null for the others and for a doomed session.</returns>
    public IReadOnlyList<Change>? Leave(bool succeeded, int stagedWhenJoined, Action<int, int>? progress = null)
    {
        _failed |= !succeeded && Changes.Count > stagedWhenJoined;
        if (--Participants > 0) return null;
        _onClose();
        if (!_failed)
            return _store.Commit(Changes, progress);
        if (succeeded)
            throw new PermShellException("PermShell.Store.RolledBack", ProblemKind.InvalidOperation,
                "Nothing was saved: a command that shared this pipeline's changes failed after changing the store, so all of the pipeline's changes were dropped.");
        return null;
    }
}
