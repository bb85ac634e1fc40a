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

    private static readonly RecentlyKept<NpgsqlConnection> Kept = new(Capacity, connection => connection.Dispose());

    /// <summary>Whether this process keeps a connection of <paramref name="cache"/>'s to the store named by <paramref name="key"/>.</summary>
    public static bool Has(string key, SnapshotCache cache) => Kept.Has(key, cache);

    /// <summary>The connection kept to the store named by <paramref name="key"/> for <paramref name="cache"/>, taken out; null if none.</summary>
    public static NpgsqlConnection? Take(string key, SnapshotCache cache) => Kept.Take(key, cache);

    /// <summary>Keeps <paramref name="connection"/> for the next call (the least recently used beyond the capacity goes back to the pool).</summary>
    public static void Keep(string key, SnapshotCache cache, NpgsqlConnection connection) => Kept.Keep(key, cache, connection);
}
