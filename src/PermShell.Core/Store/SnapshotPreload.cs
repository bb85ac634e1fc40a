namespace PermShell.Core.Store;

/// <summary>
/// Partial snapshots (see <see cref="PartialStateLoader"/>) answer only the first calls of a process on a store. After
/// the first, the whole store is read: in the background outside Windows, so the process's next calls find its
/// snapshot cached (partial snapshots answer them until it is); on Windows, where an open file cannot be replaced or
/// deleted, by the next call itself. At most one background read per store at a time; it only fills the snapshot
/// cache, so its failure is left for the next read in the foreground to report.
/// </summary>
internal static class SnapshotPreload
{
    private static readonly HashSet<(string Path, SnapshotCache Cache)> Answered = new();
    private static readonly Dictionary<(string Path, SnapshotCache Cache), Task> Loading = new();

    /// <summary>Whether a call may still be answered from a partial snapshot of <paramref name="store"/>.</summary>
    public static bool MayAnswerPartially(PermissionStore store)
    {
        var key = (store.Path, store.Cache);
        lock (Answered)
            return !Answered.Contains(key) || Loading.ContainsKey(key);
    }

    /// <summary>A read of the whole store waits for the background read in flight, if any, rather than reading it twice at once.</summary>
    public static void WaitFor(PermissionStore store)
    {
        Task? loading;
        lock (Answered)
            if (!Loading.TryGetValue((store.Path, store.Cache), out loading)) return;
        loading.Wait();
    }

    /// <summary>A call was answered from a partial snapshot of <paramref name="store"/>.</summary>
    public static void Start(PermissionStore store)
    {
        var key = (store.Path, store.Cache);
        lock (Answered)
        {
            Answered.Add(key);
            if (!IdleReadConnections.Enabled || Loading.ContainsKey(key)) return;
            Loading[key] = Task.Run(() => Load(store, key));
        }
    }

    private static void Load(PermissionStore store, (string, SnapshotCache) key)
    {
        try
        {
            store.Read();
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
