using System.Data.Common;
using Npgsql;

namespace PermShell.Core.Store.Postgres;

/// <summary>
/// Turns PostgreSQL's and Npgsql's failures into errors that say what the user can do about them. Messages name the
/// store by its display location and never carry the password (one that slipped into a driver message is cut out).
/// </summary>
internal static class PostgresErrors
{
    public static PermShellException From(Exception e, PostgresLocation location)
    {
        var where = location.Display;
        var message = Scrubbed(e, location);
        if (e is PostgresException pg)
        {
            return pg.SqlState switch
            {
                "28P01" or "28000" => new PermShellException("PermShell.Store.LoginFailed", ProblemKind.PermissionDenied,
                    $"The PostgreSQL server refused the login to '{where}' ({message}). Check the user name and the password (PGPASSWORD, PGPASSFILE or ~/.pgpass).", where, e),
                "3D000" => new PermShellException("PermShell.Store.CannotOpen", ProblemKind.ResourceUnavailable,
                    $"The database of '{where}' does not exist ({message}). Create it first (createdb), then New-PermissionStore -ConnectionString.", where, e),
                "42501" => new PermShellException("PermShell.Store.ReadOnly", ProblemKind.PermissionDenied,
                    $"The store '{where}' cannot be written by this role ({message}): it is read-only for you. An administrator grants write access (see the README, \"A shared store on PostgreSQL\").", where, e),
                "42P01" or "3F000" => new PermShellException("PermShell.Store.NotFound", ProblemKind.ObjectNotFound,
                    $"There is no store at '{where}' ({message}). Create one there with New-PermissionStore -ConnectionString.", where, e),
                "23505" or "23503" or "23514" => new PermShellException("PermShell.Store.Conflict", ProblemKind.InvalidOperation,
                    $"The store '{where}' changed after this change was checked against it, and the change no longer fits it (it names something that is gone, or adds something that is already there). Nothing was changed; run the command again.", where, e),
                "40001" or "40P01" or "55P03" or "57014" => new PermShellException("PermShell.Store.Busy", ProblemKind.ResourceUnavailable,
                    $"The store '{where}' stayed locked by another session for too long ({message}); nothing was changed. Try again.", where, e),
                _ => new PermShellException("PermShell.Store.Failed", ProblemKind.InvalidOperation,
                    $"The store '{where}' reported an error: {message}", where, e),
            };
        }
        // A command that waited out its timeout: most often a commit queued behind another writer's lock.
        if (e is TimeoutException || e.InnerException is TimeoutException)
            return new PermShellException("PermShell.Store.Busy", ProblemKind.ResourceUnavailable,
                $"The store '{where}' did not answer in time ({message}): another session may hold its lock. Nothing was changed; try again.", where, e);
        return new PermShellException("PermShell.Store.CannotOpen", ProblemKind.ResourceUnavailable,
            $"The PostgreSQL store '{where}' cannot be reached ({message}). Check the host, the port and that the server accepts connections.", where, e);
    }

    /// <summary>Whether <paramref name="e"/> is a failure of the database or the connection (not of PermShell).</summary>
    public static bool IsDatabaseFailure(Exception e) => e is DbException or NpgsqlException or TimeoutException or System.Net.Sockets.SocketException;

    private static string Scrubbed(Exception e, PostgresLocation location)
    {
        var text = e is PostgresException pg ? pg.MessageText : e.Message;
        if (e is not PostgresException && e.InnerException is { } inner) text += ": " + inner.Message;
        var password = new NpgsqlConnectionStringBuilder(location.ConnectionString).Password;
        text = PostgresLocation.Scrub(text, location.ConnectionString);
        return string.IsNullOrEmpty(password) ? text : PostgresLocation.Scrub(text, password);
    }
}
