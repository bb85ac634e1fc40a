using System.Collections.Concurrent;
using PermShell.Core.Engine;

namespace PermShell.Core.Store;

/// <summary>
/// The snapshots a process keeps of the stores it reads, by path, each tagged with the (store id, revision) it was
/// read at. A snapshot is used only while the store still carries that pair, so nothing is invalidated by hand: the
/// pair must name one content only (see <see cref="PermissionStore.NewStoreId"/>). A process has one
/// (<see cref="Shared"/>); a test gives a store object its own to play a second process on the same file.
/// </summary>
internal sealed class SnapshotCache
{
    public static SnapshotCache Shared { get; } = new();

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed record Entry(string StoreId, long Revision, Lazy<PermissionSnapshot> Snapshot);

    /// <summary>The snapshot of <paramref name="path"/> read at exactly that store id and revision, if this process has it.</summary>
    public PermissionSnapshot? Find(string path, (string StoreId, long Revision) at) =>
        _entries.TryGetValue(path, out var e) && e.StoreId == at.StoreId && e.Revision == at.Revision ? e.Snapshot.Value : null;

    /// <summary>Whether the snapshot this process last put for <paramref name="path"/> is the one read at <paramref name="at"/> (none put: true).</summary>
    public bool IsLatest(string path, StoreVersion at) =>
        !_entries.TryGetValue(path, out var e) || e.StoreId == at.StoreId && e.Revision == at.Revision;

    public void Put(string path, (string StoreId, long Revision) at, PermissionSnapshot snapshot) =>
        _entries[path] = new Entry(at.StoreId, at.Revision, new Lazy<PermissionSnapshot>(snapshot));

    /// <summary>
    /// The snapshot after a commit: <paramref name="state"/> as written, derived from the snapshot the writer started
    /// from (<paramref name="basedOn"/>) and the changes <paramref name="applied"/>, or indexed anew. Derived when first
    /// asked for, not at commit: a process that writes and exits (a runbook's import of a whole store) never pays for
    /// indexing what it will not read, nor holds it in memory.
    /// </summary>
    public void PutCommitted(string path, (string StoreId, long Revision) at, PermissionState state, PermissionSnapshot? basedOn, IReadOnlyList<Change> applied) =>
        _entries[path] = new Entry(at.StoreId, at.Revision,
            new Lazy<PermissionSnapshot>(() => basedOn?.With(state, applied) ?? new PermissionSnapshot(state)));

    /// <summary>Drops a temporary file's snapshot, only to free its memory: a stale entry could never match anyway.</summary>
    public void Forget(string path) => _entries.TryRemove(path, out _);
}
