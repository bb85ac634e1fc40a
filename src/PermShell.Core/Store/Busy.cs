using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace PermShell.Core.Store;

/// <summary>
/// A bounded retry for SQLITE_BUSY and SQLITE_LOCKED. SQLite's busy timeout (and Microsoft.Data.Sqlite's retry
/// loop) already wait for a lock, but some BUSY results are returned at once, without waiting: a snapshot that
/// went stale (BUSY_SNAPSHOT), a WAL being recovered (BUSY_RECOVERY), a lock that waiting could only deadlock.
/// Those are safe to retry from the start of the unit of work, after a short jittered pause, so the user sees
/// "database is locked" only when the store stayed locked for longer than the busy timeout.
/// </summary>
internal static class Busy
{
    private const int Busy_ = 5, Locked = 6;

    /// <summary>Attempts per unit of work; the whole retry also stops at <see cref="PermissionStore.BusyTimeout"/>.</summary>
    public const int MaxAttempts = 12;

    /// <summary>How many times any unit of work was retried in this process (for tests and diagnostics).</summary>
    public static long Retries => Interlocked.Read(ref _retries);

    private static long _retries;

    public static bool IsBusy(SqliteException e) => (e.SqliteErrorCode & 0xFF) is Busy_ or Locked;

    public static void Retry(Action work, string path) => Retry(() => { work(); return 0; }, path);

    /// <summary>Runs <paramref name="work"/>, again after a pause when it fails with BUSY or LOCKED; any other failure, or running out of attempts or time, is mapped to a PermShell error.</summary>
    public static T Retry<T>(Func<T> work, string path)
    {
        var clock = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return work();
            }
            catch (SqliteException e) when (IsBusy(e) && attempt < MaxAttempts && clock.Elapsed < PermissionStore.BusyTimeout)
            {
                Interlocked.Increment(ref _retries);
                // 10, 20, 40 ... ms, capped at 500 ms, with jitter so that colliding writers do not collide again.
                var pause = Math.Min(500, 10 << Math.Min(attempt - 1, 6));
                Thread.Sleep(pause / 2 + Random.Shared.Next(pause / 2 + 1));
            }
            catch (SqliteException e)
            {
                throw StoreErrors.From(e, path);
            }
        }
    }
}
