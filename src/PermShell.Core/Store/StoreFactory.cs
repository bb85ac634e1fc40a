using PermShell.Core.Templates;

namespace PermShell.Core.Store;

/// <summary>
/// Where stores are opened, created and restored from their location: the one place that knows which backend a
/// location means. Today every location is a SQLite file path (<see cref="PermissionStore"/>); the PostgreSQL
/// backend (issue 13) is to be chosen here, by a connection string, and the cmdlets go on holding an <see cref="IPermissionStore"/>.
/// </summary>
public static class StoreFactory
{
    /// <summary>
    /// Opens the store at <paramref name="location"/>, migrating its schema forward; a missing store is created only
    /// with <paramref name="createIfMissing"/> (PermShell.Store.NotFound otherwise).
    /// </summary>
    public static IPermissionStore Open(string location, bool createIfMissing = false) => PermissionStore.Open(location, createIfMissing);

    /// <summary>Creates a new store filled from <paramref name="template"/>; an existing one is replaced only with <paramref name="overwrite"/>.</summary>
    public static IPermissionStore Create(string location, StoreTemplateKind template, bool overwrite, ChangeSource? source = null) =>
        PermissionStore.Create(location, template, overwrite, source);

    /// <summary>Replaces the store at <paramref name="target"/> with a checked copy of the backup file <paramref name="backup"/>.</summary>
    public static IPermissionStore Restore(string backup, string target, ChangeSource source) => PermissionStore.Restore(backup, target, source);
}
