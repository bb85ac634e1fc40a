using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using PermShell.Core.Store;

namespace PermShell.Core.Tests.Store;

public sealed class PermissionStoreTests : IDisposable
{
    private readonly TempStoreFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private static void Sql(string path, string sql)
    {
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static PermShellException Refused(Action open) => Assert.Throws<PermShellException>(open);

    [Fact]
    public void Open_creates_a_missing_store_with_its_folders_when_asked()
    {
        var path = Path.Combine(_folder.Path, "a", "b", "permshell.db");
        var store = PermissionStore.Open(path, createIfMissing: true);
        Assert.True(File.Exists(path));
        var state = store.Snapshot().State;
        Assert.Empty(state.Permissions);
        Assert.Empty(state.Users);
    }

    [Fact]
    public void Open_of_a_missing_store_without_create_is_NotFound_and_creates_nothing()
    {
        var path = _folder.File("missing.db");
        var e = Refused(() => PermissionStore.Open(path));
        Assert.Equal("PermShell.Store.NotFound", e.ErrorId);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void New_store_file_and_folder_are_owner_only()
    {
        var path = Path.Combine(_folder.Path, "fresh", "s.db");
        PermissionStore.Open(path, createIfMissing: true);
        if (OperatingSystem.IsWindows())
        {
            // Windows has no modes: the file's and the folder's lists grant the current user alone, and inherit nothing.
            AssertOwnerOnly(new FileInfo(path).GetAccessControl());
            AssertOwnerOnly(new DirectoryInfo(Path.GetDirectoryName(path)!).GetAccessControl());
            return;
        }
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
    }

    [System.Runtime.Versioning.SupportedOSPlatform("windows")]
    private static void AssertOwnerOnly(System.Security.AccessControl.FileSystemSecurity security)
    {
        using var identity = System.Security.Principal.WindowsIdentity.GetCurrent();
        Assert.True(security.AreAccessRulesProtected);
        var rules = security.GetAccessRules(includeExplicit: true, includeInherited: true, typeof(System.Security.Principal.SecurityIdentifier))
            .Cast<System.Security.AccessControl.FileSystemAccessRule>().ToArray();
        var rule = Assert.Single(rules);
        Assert.Equal(identity.User, rule.IdentityReference);
        Assert.Equal(System.Security.AccessControl.AccessControlType.Allow, rule.AccessControlType);
        Assert.Equal(System.Security.AccessControl.FileSystemRights.FullControl, rule.FileSystemRights & System.Security.AccessControl.FileSystemRights.FullControl);
    }

    [Fact]
    public void A_text_file_is_refused_and_left_byte_for_byte_untouched()
    {
        var path = _folder.File("notes.db");
        File.WriteAllText(path, "these are my notes, not a database\n");
        var before = Hash(path);
        var e = Refused(() => PermissionStore.Open(path, createIfMissing: true));
        Assert.Equal("PermShell.Store.NotAStore", e.ErrorId);
        Assert.Equal(ProblemKind.InvalidData, e.Kind);
        Assert.Equal(before, Hash(path));
        Assert.False(File.Exists(path + "-wal"));
        Assert.False(File.Exists(path + "-shm"));
    }

    [Fact]
    public void An_empty_file_is_refused_by_reads_and_writes_and_left_as_it_was_mode_included()
    {
        var path = _folder.File("empty.db");
        File.WriteAllBytes(path, []);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var mode = OperatingSystem.IsWindows() ? default : File.GetUnixFileMode(path);

        foreach (var createIfMissing in new[] { false, true })
        {
            var e = Refused(() => PermissionStore.Open(path, createIfMissing));
            Assert.Equal("PermShell.Store.NotAStore", e.ErrorId);
            Assert.Equal(ProblemKind.InvalidData, e.Kind);
            Assert.Equal(path, e.Target);
            Assert.Contains("empty", e.Message);
        }

        Assert.Equal(0, new FileInfo(path).Length);
        if (!OperatingSystem.IsWindows()) Assert.Equal(mode, File.GetUnixFileMode(path));
        Assert.False(File.Exists(path + "-wal"));
        Assert.False(File.Exists(path + "-shm"));
    }

    [Fact]
    public void Create_with_overwrite_replaces_an_empty_file_with_an_owner_only_store()
    {
        var path = _folder.File("empty.db");
        File.WriteAllBytes(path, []);
        Assert.Equal("PermShell.Store.Exists", Refused(() => PermissionStore.Create(path, StoreTemplateKind.Empty, overwrite: false)).ErrorId);

        PermissionStore.Create(path, StoreTemplateKind.Empty, overwrite: true);

        Assert.Empty(PermissionStore.Open(path).Snapshot().State.Users);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void A_foreign_sqlite_database_is_refused_and_left_byte_for_byte_untouched()
    {
        var path = _folder.File("other.db");
        Sql(path, "CREATE TABLE t(x); INSERT INTO t VALUES (1);");
        var before = Hash(path);
        var e = Refused(() => PermissionStore.Open(path, createIfMissing: true));
        Assert.Equal("PermShell.Store.NotAStore", e.ErrorId);
        Assert.Contains("SQLite database but not a PermShell store", e.Message);
        Assert.Equal(before, Hash(path));
        Assert.False(File.Exists(path + "-wal"));
    }

    [Fact]
    public void A_store_from_a_newer_PermShell_is_refused_and_left_byte_for_byte_untouched()
    {
        var path = _folder.File("newer.db");
        PermissionStore.Create(path, StoreTemplateKind.Empty, overwrite: false);
        Sql(path, "PRAGMA user_version = 99; PRAGMA wal_checkpoint(TRUNCATE);");
        var before = Hash(path);
        var e = Refused(() => PermissionStore.Open(path));
        Assert.Equal("PermShell.Store.NewerSchema", e.ErrorId);
        Assert.Contains("99", e.Message);
        Assert.Equal(before, Hash(path));
    }

    [Fact]
    public void Store_uses_WAL_and_marks_itself_with_the_application_id()
    {
        var path = _folder.File();
        PermissionStore.Create(path, StoreTemplateKind.Empty, overwrite: false);
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", cmd.ExecuteScalar());
        cmd.CommandText = "PRAGMA application_id;";
        Assert.Equal(0x5045524DL, Convert.ToInt64(cmd.ExecuteScalar()));
        cmd.CommandText = "PRAGMA user_version;";
        Assert.Equal((long)StoreSchema.CurrentVersion, Convert.ToInt64(cmd.ExecuteScalar()));
    }

    [Fact]
    public void Create_refuses_an_existing_file_unless_overwrite()
    {
        var path = _folder.File();
        PermissionStore.Create(path, StoreTemplateKind.Empty, overwrite: false);
        var e = Refused(() => PermissionStore.Create(path, StoreTemplateKind.Empty, overwrite: false));
        Assert.Equal("PermShell.Store.Exists", e.ErrorId);
        using (var w = PermissionStore.Open(path).BeginWrite())
        {
            w.Apply(new AddUser(new User { Name = "bob" }));
            w.Commit();
        }
        var replaced = PermissionStore.Create(path, StoreTemplateKind.Empty, overwrite: true);
        Assert.Empty(replaced.Snapshot().State.Users);
    }

    [Fact]
    public void Changes_are_invisible_until_commit_and_gone_after_dispose_without_commit()
    {
        var store = PermissionStore.Create(_folder.File(), StoreTemplateKind.Empty, overwrite: false);
        using (var w = store.BeginWrite())
        {
            w.Apply(new AddUser(new User { Name = "bob" }));
            Assert.True(w.State.Users.ContainsKey("bob"));
        }
        Assert.Empty(PermissionStore.Open(store.Path).Snapshot().State.Users);
    }

    [Fact]
    public void Committed_changes_reach_a_fresh_reader_and_bump_the_revision()
    {
        var path = _folder.File();
        var store = PermissionStore.Create(path, StoreTemplateKind.Empty, overwrite: false);
        var before = store.Info(false).Revision;
        using (var w = store.BeginWrite())
        {
            w.Apply(new AddPermission(new PermissionDefinition { Name = "WIKI_VIEW", Implies = new[] { "WIKI_*" } }));
            w.Apply(new AddUser(new User { Name = "bob", Email = "b@x" }));
            w.Apply(new AddGroup(new Group { Name = "dev", Description = "Developers" }));
            w.Apply(new AddMember("dev", "bob"));
            w.Apply(new AddGrant("dev", "WIKI_VIEW"));
            w.Commit();
        }
        Assert.Equal(before + 1, store.Info(false).Revision);
        // Read through SQLite again, not the cache: the loader must give back exactly what was written.
        using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE meta SET value = 'other' WHERE key = 'store_id';";
            cmd.ExecuteNonQuery();
        }
        var state = PermissionStore.Open(path).Snapshot().State;
        Assert.Equal(new[] { "WIKI_*" }, state.Permissions["WIKI_VIEW"].Implies);
        Assert.Equal("b@x", state.Users["bob"].Email);
        Assert.Equal("Developers", state.Groups["dev"].Description);
        Assert.Contains("bob", state.MembersOf("dev"));
        Assert.Contains("WIKI_VIEW", state.GrantsOf("dev"));
    }

    [Fact]
    public void Removing_a_user_removes_its_grants_and_memberships_in_the_file_too()
    {
        var path = _folder.File();
        var store = PermissionStore.Create(path, StoreTemplateKind.Empty, overwrite: false);
        using (var w = store.BeginWrite())
        {
            w.Apply(new AddPermission(new PermissionDefinition { Name = "WIKI_VIEW" }));
            w.Apply(new AddUser(new User { Name = "bob" }));
            w.Apply(new AddGroup(new Group { Name = "dev" }));
            w.Apply(new AddMember("dev", "bob"));
            w.Apply(new AddGrant("bob", "WIKI_VIEW"));
            w.Commit();
        }
        using (var w = store.BeginWrite())
        {
            w.Apply(new RemoveUser(new User { Name = "bob" }));
            w.Commit();
        }
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT (SELECT count(*) FROM membership) + (SELECT count(*) FROM permission_grant);";
        Assert.Equal(0L, Convert.ToInt64(cmd.ExecuteScalar()));
        Assert.Empty(PermissionStore.Open(path).Snapshot().State.MembersOf("dev"));
    }

    [Fact]
    public void Removing_a_subject_drops_it_from_every_group_it_is_in_within_the_transaction()
    {
        var store = PermissionStore.Create(_folder.File(), StoreTemplateKind.Empty, overwrite: false);
        using var w = store.BeginWrite();
        w.Apply(new AddUser(new User { Name = "bob" }));
        foreach (var g in new[] { "dev", "ops", "staff" })
            w.Apply(new AddGroup(new Group { Name = g }));
        w.Apply(new AddMember("dev", "bob"));
        w.Apply(new AddMember("ops", "bob"));
        w.Apply(new AddMember("staff", "dev"));

        w.Apply(new RemoveUser(new User { Name = "bob" }));
        w.Apply(new RemoveGroup(new Group { Name = "dev" }));

        Assert.Empty(w.State.MembersOf("ops"));
        Assert.Empty(w.State.MembersOf("staff"));
        Assert.False(w.State.Members.ContainsKey("dev"));
    }

    [Fact]
    public async Task A_second_writer_waits_for_the_first_and_both_changes_land()
    {
        var store = PermissionStore.Create(_folder.File(), StoreTemplateKind.Empty, overwrite: false);
        var first = store.BeginWrite();
        first.Apply(new AddUser(new User { Name = "bob" }));
        var second = Task.Run(() =>
        {
            using var w = PermissionStore.Open(store.Path).BeginWrite();
            w.Apply(new AddUser(new User { Name = "alice" }));
            w.Commit();
        });
        await Task.Delay(200);
        Assert.False(second.IsCompleted);
        first.Commit();
        first.Dispose();
        await second.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(new[] { "alice", "bob" }, store.Snapshot().State.Users.Keys.Order(StringComparer.Ordinal));
    }

    // Open skips the migration connection when the file header already says "current schema" (issue 11): each read
    // and write checks the schema again in its own transaction, so what the header cannot show is still caught.

    [Fact]
    public void A_newer_schema_committed_only_to_the_wal_is_refused_on_read()
    {
        var path = _folder.File("newer-in-wal.db");
        PermissionStore.Create(path, StoreTemplateKind.Empty, overwrite: false);
        // Another process (a newer PermShell) keeps its connection open, so its change stays in the -wal and the
        // main file's header still carries the current version.
        using var other = new SqliteConnection($"Data Source={path};Pooling=False");
        other.Open();
        using (var cmd = other.CreateCommand())
        {
            cmd.CommandText = "PRAGMA wal_autocheckpoint = 0; PRAGMA user_version = 99;";
            cmd.ExecuteNonQuery();
        }
        Assert.Equal(StoreSchema.CurrentVersion, StoreFileHeader.Read(path).UserVersion);
        Assert.Equal("PermShell.Store.NewerSchema", Refused(() => PermissionStore.Open(path).Read()).ErrorId);
        Assert.Equal("PermShell.Store.NewerSchema", Refused(() => PermissionStore.Open(path).BeginWrite().Dispose()).ErrorId);
    }

    [Fact]
    public void A_store_replaced_by_another_between_two_reads_is_read_from_the_new_file()
    {
        var path = _folder.File("replaced.db");
        var store = PermissionStore.Create(path, StoreTemplateKind.Empty, overwrite: false);
        Assert.Empty(store.Snapshot().State.Users);
        var other = PermissionStore.Create(_folder.File("other.db"), StoreTemplateKind.Empty, overwrite: false);
        using (var w = other.BeginWrite())
        {
            w.Apply(new AddUser(new User { Name = "bob" }));
            w.Commit();
        }
        File.Move(other.Path, path, overwrite: true);
        Assert.Equal(["bob"], store.Snapshot().State.Users.Keys);
        Assert.Equal(["bob"], PermissionStore.Open(path).Snapshot().State.Users.Keys);
    }

    [Fact]
    public void A_store_deleted_between_two_opens_is_not_found()
    {
        var path = _folder.File("deleted.db");
        PermissionStore.Create(path, StoreTemplateKind.Empty, overwrite: false);
        Assert.Empty(PermissionStore.Open(path).Snapshot().State.Users);
        OwnerOnlyFile.DeleteStore(path);
        Assert.Equal("PermShell.Store.NotFound", Refused(() => PermissionStore.Open(path)).ErrorId);
    }
}
