namespace PermShell.Core.Store;

/// <summary>
/// Partial snapshots (see <see cref="PartialStateLoader"/>) answer only the first calls of a process on a store. After
/// the first, the whole store is read: in the background outside Windows (and on every system for a PostgreSQL store),
/// so the process's next calls find its snapshot cached (partial snapshots answer them until it is); for a SQLite
/// store on Windows, where an open file cannot be replaced or deleted, by the next call itself. At most one background read per store at a time; it only fills the snapshot
/// cache, so its failure is left for the next read in the foreground to report.
/// </summary>
internal static class SnapshotPreload
{
    private static readonly HashSet<(string Path, SnapshotCache Cache)> Answered = new();
    private static readonly Dictionary<(string Path, SnapshotCache Cache), Task> Loading = new();

    /// <summary>Whether a call may still be answered from a partial snapshot of <paramref name="store"/>.</summary>
    public static bool MayAnswerPartially(PermissionStore store) => MayAnswerPartially(store.Path, store.Cache);

    /// <summary>Whether a call may still be answered from a partial snapshot of the store at <paramref name="location"/> read into <paramref name="cache"/>.</summary>
    public static bool MayAnswerPartially(string location, SnapshotCache cache)
    {
        var key = (location, cache);
        lock (Answered)
            return !Answered.Contains(key) || Loading.ContainsKey(key);
    }

    /// <summary>A read of the whole store waits for the background read in flight, if any, rather than reading it twice at once.</summary>
    public static void WaitFor(PermissionStore store) => WaitFor(store.Path, store.Cache);

    /// <summary>See <see cref="WaitFor(PermissionStore)"/>.</summary>
    public static void WaitFor(string location, SnapshotCache cache)
    {
        Task? loading;
        lock (Answered)
            if (!Loading.TryGetValue((location, cache), out loading)) return;
        loading.Wait();
    }

    /// <summary>A call was answered from a partial snapshot of <paramref name="store"/>.</summary>
    public static void Start(PermissionStore store) => Start(store.Path, store.Cache, () => store.Read(), IdleReadConnections.Enabled);

    /// <summary>
    /// A call was answered from a partial snapshot of the store at <paramref name="location"/>: <paramref name="read"/>
    /// (a whole read into <paramref name="cache"/>) runs in the background when <paramref name="inBackground"/>, else
    /// is left to the next call.
    /// </summary>
    public static void Start(string location, SnapshotCache cache, Action read, bool inBackground)
    {
        var key = (location, cache);
        lock (Answered)
        {
            Answered.Add(key);
            if (!inBackground || Loading.ContainsKey(key)) return;
            Loading[key] = Task.Run(() => Load(read, key));
        }
    }

    private static void Load(Action read, (string, SnapshotCache) key)
    {
        try
        {
            read();
        }
        catch (Exception)
        {
            // It only fills the cache: a store that cannot be read says so to the next read in the foreground.
        }
        finally
        {
            lock (Answered) Loading.Remove(key);
        }
    }
}
