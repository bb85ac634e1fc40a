using Microsoft.Data.Sqlite;

namespace PermShell.Core.Store;

/// <summary>
/// The store's tables and their forward migrations. PRAGMA user_version holds the schema version; each
/// migration takes the schema from version i to i + 1 inside the opening transaction.
/// </summary>
internal static class StoreSchema
{
    private static readonly string[] Migrations =
    {
        // 0 → 1: the model of SPEC §1.
        """
        CREATE TABLE meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE permission (
            name        TEXT PRIMARY KEY,
            app         TEXT NOT NULL,
            model       TEXT NOT NULL,
            codename    TEXT NOT NULL,
            description TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE implication (
            permission TEXT NOT NULL REFERENCES permission(name) ON DELETE CASCADE,
            position   INTEGER NOT NULL,
            pattern    TEXT NOT NULL,
            PRIMARY KEY (permission, position)
        ) WITHOUT ROWID;
        CREATE TABLE subject (
            name         TEXT PRIMARY KEY,
            kind         TEXT NOT NULL CHECK (kind IN ('user', 'group', 'virtual')),
            display_name TEXT NOT NULL DEFAULT '',
            email        TEXT NOT NULL DEFAULT '',
            description  TEXT NOT NULL DEFAULT '',
            is_active    INTEGER NOT NULL DEFAULT 1,
            is_superuser INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID;
        CREATE TABLE membership (
            group_name  TEXT NOT NULL REFERENCES subject(name) ON DELETE CASCADE,
            member_name TEXT NOT NULL REFERENCES subject(name) ON DELETE CASCADE,
            PRIMARY KEY (group_name, member_name)
        ) WITHOUT ROWID;
        CREATE INDEX membership_by_member ON membership(member_name);
        CREATE TABLE permission_grant (
            subject    TEXT NOT NULL REFERENCES subject(name) ON DELETE CASCADE,
            permission TEXT NOT NULL REFERENCES permission(name) ON DELETE CASCADE,
            PRIMARY KEY (subject, permission)
        ) WITHOUT ROWID;
        CREATE INDEX grant_by_permission ON permission_grant(permission);
        INSERT INTO meta(key, value) VALUES ('revision', '0');
        INSERT INTO subject(name, kind) VALUES ('anonymous', 'virtual'), ('authenticated', 'virtual');
        """,
        // 1 → 2: the hash-chained change log of SPEC §4. No secondary indexes: appends stay cheap for large imports,
        // and reading scans by id (filters are wildcards over subject and target anyway). The triggers stop casual edits (a DB browser, a stray
        // script); they are no defence against someone who drops them, which is what the hash chain is for.
        """
        CREATE TABLE change_log (
            id        INTEGER PRIMARY KEY,
            time      TEXT NOT NULL,
            actor     TEXT NOT NULL,
            action    TEXT NOT NULL,
            subject   TEXT NOT NULL,
            target    TEXT NOT NULL,
            source    TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash      TEXT NOT NULL
        );
        CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
            BEGIN SELECT RAISE(ABORT, 'the PermShell change log is append-only'); END;
        CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
            BEGIN SELECT RAISE(ABORT, 'the PermShell change log is append-only'); END;
        INSERT INTO meta(key, value) VALUES ('log_count', '0'), ('log_head', '');
        """,
        // 2 → 3: each entry carries the digest of the store's data after it (ContentDigest), covered by its hash, so the
        // log vouches for the tables. Earlier entries keep '' and the hashes they were written with; the migration's
        // own entry (PermissionStore.StartLog) carries the first digest.
        """
        ALTER TABLE change_log ADD COLUMN digest TEXT NOT NULL DEFAULT '';
        """,
        // 3 → 4: resource policies (issue 15), Trac's AuthzPolicy sections in order. A section's entries keep their
        // order; permissions are the entry's list joined by commas ('!' marks a denial; '' is the entry that denies all).
        // No references to subject or permission: an entry may name what does not exist (yet), as in Trac's file.
        // IF NOT EXISTS: tests (and hand repairs) lower user_version on a current file, and the step must still run.
        """
        CREATE TABLE IF NOT EXISTS policy_section (
            resource TEXT PRIMARY KEY,
            position INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS policy_rule (
            resource    TEXT NOT NULL REFERENCES policy_section(resource) ON DELETE CASCADE,
            position    INTEGER NOT NULL,
            subject     TEXT NOT NULL,
            permissions TEXT NOT NULL,
            PRIMARY KEY (resource, position)
        ) WITHOUT ROWID;
        """,
    };

    /// <summary>The first version with the change log (SPEC §4).</summary>
    public const int ChangeLogVersion = 2;

    /// <summary>The version this build writes; a store with a higher one was written by a newer PermShell.</summary>
    public static int CurrentVersion => Migrations.Length;

    /// <summary>Runs the migrations from <paramref name="fromVersion"/> to the current version in <paramref name="tx"/>.</summary>
    public static void Migrate(SqliteConnection connection, SqliteTransaction tx, int fromVersion)
    {
        for (var v = fromVersion; v < Migrations.Length; v++)
        {
            using var cmd = connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = Migrations[v] + $"\nPRAGMA user_version = {v + 1};";
            cmd.ExecuteNonQuery();
        }
    }
}
