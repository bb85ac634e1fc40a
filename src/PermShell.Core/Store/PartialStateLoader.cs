using System.Data.Common;

namespace PermShell.Core.Store;

/// <summary>
/// Reads only what decisions about a few subjects depend on, for the first checks of a process that has no snapshot of
/// the store yet (reading a large store whole takes about a second): the whole catalog (permissions and implications:
/// small), the subjects themselves, every group they belong to directly or through other groups, anonymous and
/// authenticated and their groups, and the grants of all of those. The engine then answers from that state as from the
/// whole one (<c>new PermissionSnapshot(partial).Decide(...)</c>): resolution only ever looks from a subject up
/// through its groups and the two virtual subjects, never at other subjects.
/// Declines (null: read the whole store) when an answer could depend on more: an enforced store (the actor's rights
/// are checked too) or a name that is no subject (its error names the closest subject names, which needs them all).
/// The statements are plain SQL (WITH RECURSIVE, @name parameters) that PostgreSQL accepts as well.
/// </summary>
internal static class PartialStateLoader
{
    /// <summary>The most subjects a partial read is for; more are read with the whole store.</summary>
    public const int MaxSubjects = 16;

    public static PermissionState? Load(DbConnection connection, DbTransaction tx, IReadOnlyCollection<string> subjects)
    {
        if (subjects.Count is 0 or > MaxSubjects) return null;
        var start = new List<string>(subjects.Count + 2) { PermissionState.Anonymous, PermissionState.Authenticated };
        foreach (var subject in subjects)
            if (!start.Contains(subject, StringComparer.Ordinal)) start.Add(subject);
        var parameters = start.Select((name, i) => KeyValuePair.Create($"@s{i}", (object)name)).ToList();
        // Every subject a decision about the starting ones can reach: themselves, then the groups of whatever is reached.
        var wanted = $"WITH RECURSIVE wanted(name) AS (VALUES {string.Join(", ", parameters.Select(p => $"({p.Key})"))} "
            + "UNION SELECT m.group_name FROM membership m JOIN wanted w ON m.member_name = w.name) ";
        var rows = new StateLoader.Rows(
            wanted + "SELECT name, kind, display_name, email, description, is_active, is_superuser FROM subject WHERE name IN (SELECT name FROM wanted);",
            wanted + "SELECT group_name, member_name FROM membership WHERE member_name IN (SELECT name FROM wanted);",
            wanted + "SELECT subject, permission FROM permission_grant WHERE subject IN (SELECT name FROM wanted);",
            parameters);
        var state = StateLoader.Load(connection, tx, rows);
        if (state.IsEnforced || subjects.Any(s => state.KindOf(s) is null)) return null;
        return state;
    }
}
