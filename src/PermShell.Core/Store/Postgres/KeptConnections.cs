using Npgsql;

namespace PermShell.Core.Store.Postgres;

/// <summary>
/// The open connections a process keeps between cmdlet calls to the PostgreSQL stores it read a moment ago, a few
/// stores' worth, each with its search path already set: a call then costs one round trip (the revision, see
/// <see cref="PostgresPermissionStore.Read"/>) instead of a connection taken from the pool, reset and pointed at the
/// schema again. A call takes its store's connection out (no two calls share one) and gives it back when its read is
/// done; the least recently used beyond <see cref="Capacity"/> goes back to the pool. A kept connection holds no
/// transaction and no lock between calls.
/// </summary>
internal static class KeptConnections
{
    public const int Capacity = 4;

    private sealed record Kept(string Key, SnapshotCache Cache, NpgsqlConnection Connection);

    private static readonly object Gate = new();
    private static readonly LinkedList<Kept> Entries = new();

    /// <summary>Whether this process keeps a connection of <paramref name="cache"/>'s to the store named by <paramref name="key"/>.</summary>
    public static bool Has(string key, SnapshotCache cache)
    {
        lock (Gate)
            return Entries.Any(e => ReferenceEquals(e.Cache, cache) && string.Equals(e.Key, key, StringComparison.Ordinal));
    }

    /// <summary>The connection kept to the store named by <paramref name="key"/> for <paramref name="cache"/>, taken out; null if none.</summary>
    public static NpgsqlConnection? Take(string key, SnapshotCache cache)
    {
        lock (Gate)
        {
            for (var node = Entries.First; node is not null; node = node.Next)
            {
                if (!ReferenceEquals(node.Value.Cache, cache) || !string.Equals(node.Value.Key, key, StringComparison.Ordinal)) continue;
                Entries.Remove(node);
                return node.Value.Connection;
            }
        }
        return null;
    }

    /// <summary>Keeps <paramref name="connection"/> for the next call (the least recently used beyond the capacity goes back to the pool).</summary>
    public static void Keep(string key, SnapshotCache cache, NpgsqlConnection connection)
    {
        Kept? evicted = null;
        lock (Gate)
        {
            Entries.AddFirst(new Kept(key, cache, connection));
            if (Entries.Count > Capacity)
            {
                evicted = Entries.Last!.Value;
                Entries.RemoveLast();
            }
        }
        evicted?.Connection.Dispose();
    }
}
