using PermShell.Core.Store.Postgres;
using PermShell.Core.Templates;

namespace PermShell.Core.Store;

/// <summary>
/// Where stores are opened, created and restored from their location: the one place that knows which backend a
/// location means. A PostgreSQL connection string (<c>Host=…;Database=…</c>) or a <c>postgres://</c> /
/// <c>postgresql://</c> URI is a <see cref="PostgresPermissionStore"/>; anything else is the path of a SQLite store
/// file (<see cref="PermissionStore"/>). The cmdlets hold an <see cref="IPermissionStore"/> either way.
/// </summary>
public static class StoreFactory
{
    /// <summary>Whether <paramref name="location"/> names a PostgreSQL store (a connection string or URI), not a file.</summary>
    public static bool IsConnectionString(string? location) => PostgresLocation.IsPostgres(location);

    /// <summary>
    /// <paramref name="location"/> as given to a -ConnectionString parameter: a PostgreSQL connection string or URI,
    /// else PermShell.Store.BadConnectionString (never taken for a file name).
    /// </summary>
    public static string RequireConnectionString(string location) => IsConnectionString(location)
        ? location
        : throw new PermShellException("PermShell.Store.BadConnectionString", ProblemKind.InvalidArgument,
            "-ConnectionString takes a PostgreSQL connection string (Host=…;Database=…) or a postgres:// or postgresql:// URI; for a store file, use -Path.", "ConnectionString");

    /// <summary>
    /// The location as stores show it (their <see cref="IPermissionStore.Location"/>): a full path, or a PostgreSQL
    /// store's address without its password.
    /// </summary>
    public static string Describe(string location) =>
        IsConnectionString(location) ? PostgresLocation.Parse(location).Display : Path.GetFullPath(location);

    /// <summary>
    /// Opens the store at <paramref name="location"/>, migrating its schema forward; a missing store is created only
    /// with <paramref name="createIfMissing"/> (PermShell.Store.NotFound otherwise).
    /// </summary>
    public static IPermissionStore Open(string location, bool createIfMissing = false) => IsConnectionString(location)
        ? PostgresPermissionStore.Open(location, createIfMissing)
        : PermissionStore.Open(location, createIfMissing);

    /// <summary>Creates a new store filled from <paramref name="template"/>; an existing one is replaced only with <paramref name="overwrite"/>.</summary>
    public static IPermissionStore Create(string location, StoreTemplateKind template, bool overwrite, ChangeSource? source = null) =>
        IsConnectionString(location)
            ? PostgresPermissionStore.Create(location, template, overwrite, source)
            : PermissionStore.Create(location, template, overwrite, source);

    /// <summary>
    /// Copies the store at <paramref name="source"/> to a new store at <paramref name="destination"/>, of either backend
    /// (an existing one is replaced only with <paramref name="overwrite"/>): its content, and its change log entry by
    /// entry as written (ids, times, actors, hashes), so the copy's log verifies as the source's does. The source is
    /// read as one consistent version while others may go on writing it.
    /// </summary>
    public static IPermissionStore Copy(string source, string destination, bool overwrite)
    {
        var from = Open(source);
        if (Describe(destination) == from.Location)
            throw new PermShellException("PermShell.Copy.SameStore", ProblemKind.InvalidArgument,
                $"The destination '{from.Location}' is the source store itself. Name another store.", from.Location);
        var to = Create(destination, StoreTemplateKind.Empty, overwrite);
        StoreCopy.Between((StoreCopy.IRows)from, (StoreCopy.IRows)to);
        return Open(destination);
    }

    /// <summary>Replaces the store at <paramref name="target"/> with a checked copy of the backup file <paramref name="backup"/>.</summary>
    public static IPermissionStore Restore(string backup, string target, ChangeSource source) => IsConnectionString(target)
        ? PostgresPermissionStore.Restore(backup, target, source)
        : PermissionStore.Restore(backup, target, source);
}
