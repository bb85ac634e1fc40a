using Microsoft.Data.Sqlite;
using PermShell.Core.Store;

namespace PermShell.Core.Tests.Store;

/// <summary>The bounded retry for locks that SQLite reports without waiting (SQLITE_BUSY_SNAPSHOT, BUSY_RECOVERY, LOCKED).</summary>
public sealed class BusyRetryTests
{
    private const int BusySnapshot = 5 | (2 << 8), Locked = 6, Constraint = 19;

    [Fact]
    public void A_busy_unit_of_work_is_retried_until_it_succeeds()
    {
        var attempts = 0;
        var result = Busy.Retry(() => ++attempts < 3 ? throw new SqliteException("database is locked", BusySnapshot) : "done", "s.db");
        Assert.Equal(("done", 3), (result, attempts));
    }

    [Fact]
    public void Retrying_is_bounded_and_ends_in_PermShell_Store_Busy()
    {
        var attempts = 0;
        var e = Assert.Throws<PermShellException>(() => Busy.Retry(() => { attempts++; throw new SqliteException("database table is locked", Locked); }, "s.db"));
        Assert.Equal("PermShell.Store.Busy", e.ErrorId);
        Assert.Equal(Busy.MaxAttempts, attempts);
    }

    [Fact]
    public void Other_failures_are_not_retried()
    {
        var attempts = 0;
        var e = Assert.Throws<PermShellException>(() => Busy.Retry(() => { attempts++; throw new SqliteException("constraint failed", Constraint); }, "s.db"));
        Assert.Equal("PermShell.Store.Conflict", e.ErrorId);
        Assert.Equal(1, attempts);
    }
}
