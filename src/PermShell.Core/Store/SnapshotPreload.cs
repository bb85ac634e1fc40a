namespace PermShell.Core.Store;

/// <summary>
/// After a check was answered from a partial snapshot (see <see cref="PartialStateLoader"/>), reads the whole store in
/// the background, so the process's next calls find its snapshot cached instead of reading a partial one again. At
/// most one such read per store at a time; it only fills the snapshot cache, so its failure is left for the next read
/// in the foreground to report.
/// </summary>
internal static class SnapshotPreload
{
    private static readonly HashSet<(string Path, SnapshotCache Cache)> Loading = new();

    public static void Start(PermissionStore store)
    {
        var key = (store.Path, store.Cache);
        lock (Loading)
            if (!Loading.Add(key)) return;
        Task.Run(() =>
        {
            try
            {
                store.Read();
            }
            catch (Exception)
            {
                // Nothing waits for this read: a store that cannot be read says so to the next cmdlet that reads it.
            }
            finally
            {
                lock (Loading) Loading.Remove(key);
            }
        });
    }
}
