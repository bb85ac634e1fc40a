using System.Data.Common;
using System.Globalization;

namespace PermShell.Core.Store.Postgres;

/// <summary>
/// The one place with a PostgreSQL store's DDL: its tables (the SQLite store's, column for column, so the shared
/// reader, writer, log and digest run unchanged: text as text, every integer as bigint) and their forward migrations.
/// The meta row 'schema_version' holds the version; each migration takes it from i to i + 1 in the transaction that
/// opens the store, under a lock that makes concurrent openers wait for one migration. A new table or column is a new
/// entry at the end of <see cref="Migrations"/>, next to the SQLite one in <see cref="StoreSchema"/>.
/// </summary>
internal static class PostgresSchema
{
    private static readonly string[] Migrations =
    {
        // 0 → 1: the model, the change log with its digests, and the meta rows of the SQLite store at its version 3.
        """
        CREATE TABLE meta (
            key   text PRIMARY KEY,
            value text NOT NULL
        );
        CREATE TABLE permission (
            name        text PRIMARY KEY,
            app         text NOT NULL,
            model       text NOT NULL,
            codename    text NOT NULL,
            description text NOT NULL
        );
        CREATE TABLE implication (
            permission text NOT NULL REFERENCES permission(name) ON DELETE CASCADE,
            position   bigint NOT NULL,
            pattern    text NOT NULL,
            PRIMARY KEY (permission, position)
        );
        CREATE TABLE subject (
            name         text PRIMARY KEY,
            kind         text NOT NULL CHECK (kind IN ('user', 'group', 'virtual')),
            display_name text NOT NULL DEFAULT '',
            email        text NOT NULL DEFAULT '',
            description  text NOT NULL DEFAULT '',
            is_active    bigint NOT NULL DEFAULT 1,
            is_superuser bigint NOT NULL DEFAULT 0
        );
        CREATE TABLE membership (
            group_name  text NOT NULL REFERENCES subject(name) ON DELETE CASCADE,
            member_name text NOT NULL REFERENCES subject(name) ON DELETE CASCADE,
            PRIMARY KEY (group_name, member_name)
        );
        CREATE INDEX membership_by_member ON membership(member_name);
        CREATE TABLE permission_grant (
            subject    text NOT NULL REFERENCES subject(name) ON DELETE CASCADE,
            permission text NOT NULL REFERENCES permission(name) ON DELETE CASCADE,
            PRIMARY KEY (subject, permission)
        );
        CREATE INDEX grant_by_permission ON permission_grant(permission);
        -- The actor is the server's: the session user, never a value the client sends (PermShell's INSERT leaves it out).
        CREATE TABLE change_log (
            id        bigint PRIMARY KEY,
            time      text NOT NULL,
            actor     text NOT NULL DEFAULT session_user,
            action    text NOT NULL,
            subject   text NOT NULL,
            target    text NOT NULL,
            source    text NOT NULL,
            prev_hash text NOT NULL,
            hash      text NOT NULL,
            digest    text NOT NULL DEFAULT ''
        );
        -- Against casual edits (a SQL console, a stray script), like the SQLite store's triggers; the hash chain is the defence.
        -- A restore or a copy, which replaces the whole store, lifts the guard for its own transaction (SET LOCAL).
        CREATE FUNCTION change_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF coalesce(current_setting('permshell.replacing_store', true), '') <> 'on' THEN
                RAISE EXCEPTION 'the PermShell change log is append-only';
            END IF;
            RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END $$;
        CREATE TRIGGER change_log_no_update BEFORE UPDATE OR DELETE ON change_log
            FOR EACH ROW EXECUTE FUNCTION change_log_append_only();
        CREATE TRIGGER change_log_no_truncate BEFORE TRUNCATE ON change_log
            FOR EACH STATEMENT EXECUTE FUNCTION change_log_append_only();
        INSERT INTO meta(key, value) VALUES ('revision', '0'), ('log_count', '0'), ('log_head', '');
        INSERT INTO subject(name, kind) VALUES ('anonymous', 'virtual'), ('authenticated', 'virtual');
        """,
        // 1 → 2: resource policies (issue 15), as in the SQLite store's version 4: Trac's AuthzPolicy sections in order,
        // each entry's permissions joined by commas. No references to subject or permission (an entry may name what
        // does not exist yet).
        """
        CREATE TABLE policy_section (
            resource text PRIMARY KEY,
            position bigint NOT NULL
        );
        CREATE TABLE policy_rule (
            resource    text NOT NULL REFERENCES policy_section(resource) ON DELETE CASCADE,
            position    bigint NOT NULL,
            subject     text NOT NULL,
            permissions text NOT NULL,
            PRIMARY KEY (resource, position)
        );
        """,
    };

    /// <summary>Every object the migrations make, dropped (with the rows) when New-PermissionStore -Force replaces a store.</summary>
    private const string DropAll = """
        DROP TABLE IF EXISTS policy_rule, policy_section, change_log, permission_grant, membership, subject, implication, permission, meta CASCADE;
        DROP FUNCTION IF EXISTS change_log_append_only() CASCADE;
        """;

    /// <summary>Drops the store's tables (and only those) from its schema, in <paramref name="tx"/>.</summary>
    public static void Drop(DbConnection connection, DbTransaction tx)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = DropAll;
        cmd.ExecuteNonQuery();
    }

    /// <summary>Lifts the log's append-only guard for the rest of <paramref name="tx"/>: a restore or copy replaces the whole store.</summary>
    public static void AllowReplacingTheLog(DbConnection connection, DbTransaction tx)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SET LOCAL permshell.replacing_store = 'on';";
        cmd.ExecuteNonQuery();
    }

    /// <summary>The version this build writes; a store with a higher one was written by a newer PermShell.</summary>
    public static int CurrentVersion => Migrations.Length;

    /// <summary>The store's schema version as <paramref name="tx"/> sees it: 0 when the schema has no store yet.</summary>
    public static int VersionOf(DbConnection connection, DbTransaction? tx, string schema)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT to_regclass(quote_ident(@s) || '.meta') IS NOT NULL;";
        var p = cmd.CreateParameter();
        p.ParameterName = "@s";
        p.Value = schema;
        cmd.Parameters.Add(p);
        if (cmd.ExecuteScalar() is not true) return 0;
        var text = StoreMeta.Get(connection, tx, "schema_version");
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1;
    }

    /// <summary>Runs the migrations from <paramref name="fromVersion"/> to the current version in <paramref name="tx"/>.</summary>
    public static void Migrate(DbConnection connection, DbTransaction tx, int fromVersion)
    {
        for (var v = fromVersion; v < Migrations.Length; v++)
        {
            using (var cmd = connection.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = Migrations[v];
                cmd.ExecuteNonQuery();
            }
            StoreMeta.Set(connection, tx, "schema_version", (v + 1).ToString(CultureInfo.InvariantCulture));
        }
    }
}
