using PermShell.Core.Administration;
using PermShell.Core.Rules;
using PermShell.Core.Store;

namespace PermShell.Core.Tests.Store;

/// <summary>
/// The enforcement part of the <see cref="IPermissionStore"/> contract (SPEC §5), run against every backend: the flag
/// is read with the content and switched by a commit, switching on makes the actor an active superuser and adds the
/// rights, a refused change writes nothing but a Denied entry, and the log still verifies. The actor is the store's own
/// (the OS user for SQLite), as the cmdlets use it; its rights are changed between cases by a superuser's commits.
/// </summary>
public abstract class EnforcementContractTests : IDisposable
{
    protected EnforcementContractTests()
    {
        Store = NewStore();
        var setup = Store.BeginBatch();
        setup.Apply(new AddPermission(new PermissionDefinition { Name = "WIKI_VIEW" }));
        setup.Apply(new AddUser(new User { Name = "bob" }));
        Store.Commit(setup);
    }

    protected IPermissionStore Store { get; }

    protected abstract IPermissionStore NewStore();

    /// <summary>What another process sees: the store read afresh.</summary>
    protected abstract PermissionState Written();

    public virtual void Dispose() => GC.SuppressFinalize(this);

    private void Enforce(bool on) => Enforcement.Switch(Store, on, ChangeSource.Cmdlet("Set-PermissionStore"), _ => true);

    /// <summary>The actor loses superuser status (its own superuser commit: a superuser may demote itself).</summary>
    private void Demote()
    {
        var batch = Store.BeginBatch();
        batch.Gate = RightsGate.For(Store, batch.Snapshot);
        var me = batch.State.Users[Store.Actor];
        batch.Apply(new UpdateUser(me, me with { IsSuperuser = false }));
        Store.Commit(batch);
    }

    [Fact]
    public void Switching_on_adds_the_rights_makes_the_actor_an_active_superuser_and_is_read_back()
    {
        Assert.False(Store.Read().Snapshot.State.IsEnforced);
        Enforce(true);

        var state = Written();
        Assert.True(state.IsEnforced);
        Assert.True(Store.Info(false).IsEnforced);
        Assert.True(state.Users[Store.Actor] is { IsActive: true, IsSuperuser: true });
        foreach (var right in Rights.Definitions) Assert.True(state.Permissions.ContainsKey(right.Name), right.Name);
        Assert.Equal("Set Enforcement On", Store.ReadLog(last: 1).Select(e => $"{e.Action} {e.Target}").Single());
        Assert.Equal(Store.Actor, Store.ReadLog(last: 1).Single().Actor);
        Assert.True(Store.VerifyLog().IsIntact, Store.VerifyLog().Message);
    }

    [Fact]
    public void Rights_taken_between_staging_and_commit_refuse_the_commit_with_nothing_written()
    {
        Enforce(true);
        var grantRight = Store.BeginBatch();
        grantRight.Apply(new AddGrant(Store.Actor, Rights.Grant));
        grantRight.Apply(new AddGrant(Store.Actor, "WIKI_VIEW"));
        Store.Commit(grantRight);
        Demote();

        // Admitted while the actor holds PERMISSION_GRANT...
        var staged = Store.BeginBatch(ChangeSource.Cmdlet("Grant-Permission"));
        staged.Gate = RightsGate.For(Store, staged.Snapshot);
        staged.Apply(new AddGrant("bob", "WIKI_VIEW"));
        // ...which another process takes before the commit.
        var revoke = Store.BeginBatch();
        revoke.Apply(new RemoveGrant(Store.Actor, Rights.Grant));
        Store.Commit(revoke);

        var error = Assert.Throws<PermShellException>(() => Store.Commit(staged));

        Assert.Equal(AccessDenied.Id, error.ErrorId);
        Assert.Empty(Written().GrantsOf("bob"));
        var denied = Store.ReadLog(last: 1).Single();
        Assert.Equal(("Denied", "grant WIKI_VIEW to bob"), (denied.Action, denied.Target));
        Assert.True(Store.VerifyLog().IsIntact, Store.VerifyLog().Message);
    }

    [Fact]
    public void A_batch_staged_before_enforcement_was_switched_on_is_judged_at_commit()
    {
        var staged = Store.BeginBatch(ChangeSource.Cmdlet("Grant-Permission"));
        staged.Apply(new AddGrant("bob", "WIKI_VIEW"));
        Enforce(true);
        Demote();

        var error = Assert.Throws<PermShellException>(() => Store.Commit(staged));

        Assert.Equal(AccessDenied.Id, error.ErrorId);
        Assert.Empty(Written().GrantsOf("bob"));
        Assert.Equal("Denied", Store.ReadLog(last: 1).Single().Action);
    }

    [Fact]
    public void A_refused_change_writes_nothing_but_a_Denied_entry_and_the_log_verifies()
    {
        Enforce(true);
        Demote();
        var before = Store.Read().Version;

        var batch = Store.BeginBatch(ChangeSource.Cmdlet("Grant-Permission"));
        batch.Gate = RightsGate.For(Store, batch.Snapshot);
        var error = Assert.Throws<PermShellException>(() => batch.Apply(new AddGrant(Store.Actor, "WIKI_VIEW")));

        Assert.Equal(AccessDenied.Id, error.ErrorId);
        Assert.Equal(ProblemKind.PermissionDenied, error.Kind);
        Assert.Equal(0, batch.Count);
        Assert.Empty(Written().GrantsOf(Store.Actor));
        var denied = Store.ReadLog(last: 1).Single();
        Assert.Equal(("Denied", Store.Actor, $"grant WIKI_VIEW to {Store.Actor}", "Grant-Permission"), (denied.Action, denied.Subject, denied.Target, denied.Source));
        Assert.NotEqual(before, Store.Read().Version);
        Assert.True(Store.VerifyLog().IsIntact, Store.VerifyLog().Message);
    }

    [Fact]
    public void A_set_admitted_whole_is_refused_whole_with_each_forbidden_change_logged()
    {
        Enforce(true);
        Demote();
        var batch = Store.BeginBatch(ChangeSource.Cmdlet("Import-PermissionManifest"));
        batch.Gate = RightsGate.For(Store, batch.Snapshot);
        Change[] set = [new AddUser(new User { Name = "mallory", IsSuperuser = true }), new AddGrant("bob", "WIKI_VIEW")];

        var error = Assert.Throws<PermShellException>(() => batch.Admit(set));

        Assert.Contains("2 of the changes are not allowed", error.Message);
        Assert.Equal(0, batch.Count);
        Assert.Equal(["create the superuser mallory", "grant WIKI_VIEW to bob"], Store.ReadLog(last: 2).Select(e => e.Target).Order());
        Assert.All(Store.ReadLog(last: 2), e => Assert.Equal("Denied", e.Action));
    }

    [Fact]
    public void Only_a_superuser_switches_enforcement_off()
    {
        Enforce(true);
        Demote();

        var error = Assert.Throws<PermShellException>(() => Enforce(false));

        Assert.Equal(AccessDenied.Id, error.ErrorId);
        Assert.True(Written().IsEnforced);
        Assert.Equal("Denied switch enforcement off", Store.ReadLog(last: 1).Select(e => $"{e.Action} {e.Target}").Single());
    }

    [Fact]
    public void A_superuser_switches_it_off_and_the_store_behaves_as_before()
    {
        Enforce(true);
        Enforce(false);

        Assert.False(Written().IsEnforced);
        Assert.Null(RightsGate.For(Store, Store.Snapshot()));
        Assert.Equal("Set Enforcement Off", Store.ReadLog(last: 1).Select(e => $"{e.Action} {e.Target}").Single());
        Assert.True(Store.VerifyLog().IsIntact, Store.VerifyLog().Message);
    }

    [Fact]
    public void Switching_on_twice_changes_nothing_and_makes_nobody_a_superuser()
    {
        Enforce(true);
        Demote();
        var logged = Store.ReadLog().Count();

        Enforce(true);

        Assert.False(Written().Users[Store.Actor].IsSuperuser);
        Assert.Equal(logged, Store.ReadLog().Count());
    }

    [Fact]
    public void RecordDenied_appends_entries_that_change_no_data()
    {
        var state = Written();
        Store.RecordDenied(ChangeSource.Cmdlet("Get-PermissionAudit"), [new Problem(AccessDenied.Id, "no", "read the audit")]);

        Assert.Equal("Denied  read the audit", Store.ReadLog(last: 1).Select(e => $"{e.Action} {e.Subject} {e.Target}").Single());
        Assert.Equal(PermShell.Core.Manifest.ManifestWriter.Write(state), PermShell.Core.Manifest.ManifestWriter.Write(Written()));
        Assert.True(Store.VerifyLog().IsIntact, Store.VerifyLog().Message);
    }
}

/// <summary>Enforcement on a SQLite store file; the actor is the OS user.</summary>
public sealed class SqliteEnforcementContractTests : EnforcementContractTests
{
    private readonly TempStoreFolder _folder = new();

    protected override IPermissionStore NewStore() => PermissionStore.Create(_folder.File(), StoreTemplateKind.Empty, overwrite: false);

    protected override PermissionState Written() => PermissionStore.Open(Store.Location, createIfMissing: false, new SnapshotCache()).Snapshot().State;

    public override void Dispose()
    {
        _folder.Dispose();
        base.Dispose();
    }
}

/// <summary>Enforcement on the in-memory store, with an actor that is not the OS user.</summary>
public sealed class InMemoryEnforcementContractTests : EnforcementContractTests
{
    protected override IPermissionStore NewStore() => new InMemoryPermissionStore(actor: "carol");

    protected override PermissionState Written() => Store.Read().Snapshot.State;

    [Fact]
    public void The_log_names_the_stores_actor() => Assert.All(Store.ReadLog(), e => Assert.Equal("carol", e.Actor));
}

/// <summary>
/// Enforcement on a PostgreSQL store in a schema of its own; the actor is the database session user, and a second login
/// role stands for a colleague whose rights the store holds it to.
/// </summary>
public sealed class PostgresEnforcementContractTests : EnforcementContractTests
{
    private Postgres.TestDatabase? _database;
    private string? _role;

    protected override IPermissionStore NewStore()
    {
        _database = new Postgres.TestDatabase();
        return PermShell.Core.Store.Postgres.PostgresPermissionStore.Create(_database.ConnectionString, StoreTemplateKind.Empty, overwrite: false);
    }

    protected override PermissionState Written() =>
        PermShell.Core.Store.Postgres.PostgresPermissionStore.Open(_database!.ConnectionString, createIfMissing: false, new SnapshotCache()).Snapshot().State;

    [Fact]
    public void A_role_that_is_no_superuser_is_refused_and_its_attempt_is_logged_with_the_role_the_server_authenticated()
    {
        // A login role with write privileges on the tables: only PermShell's rights stand between it and the data.
        var error = GrantAsAnotherRole("dora", "SELECT, INSERT, UPDATE, DELETE", isPermShellUser: true);

        Assert.Equal(AccessDenied.Id, error.ErrorId);
        Assert.Empty(Written().GrantsOf("bob"));
        var denied = Store.ReadLog(last: 1).Single();
        Assert.Equal(("Denied", _role, "grant WIKI_VIEW to bob"), (denied.Action, denied.Actor, denied.Target));
        Assert.True(Store.VerifyLog().IsIntact, Store.VerifyLog().Message);
    }

    [Fact]
    public void A_role_that_may_only_read_is_refused_with_AccessDenied_and_leaves_no_entry()
    {
        var error = GrantAsAnotherRole("reader", "SELECT", isPermShellUser: false);

        Assert.Equal(AccessDenied.Id, error.ErrorId);
        Assert.Equal("Set Enforcement", Store.ReadLog(last: 1).Single().Action);
    }

    [Fact]
    public void A_copy_to_SQLite_and_back_keeps_the_flag_and_a_copy_of_an_unenforced_store_over_it_clears_it()
    {
        using var folder = new TempStoreFolder();
        var file = folder.File("copy.db");
        Enforcement.Switch(Store, true, ChangeSource.Cmdlet("Set-PermissionStore"), _ => true);

        Assert.True(StoreFactory.Copy(_database!.ConnectionString, file, overwrite: false).Info(false).IsEnforced);
        using var back = new Postgres.TestDatabase();
        Assert.True(StoreFactory.Copy(file, back.ConnectionString, overwrite: false).Info(false).IsEnforced);

        var plain = folder.File("plain.db");
        PermissionStore.Create(plain, StoreTemplateKind.Empty, overwrite: false);
        var replaced = StoreFactory.Copy(plain, back.ConnectionString, overwrite: true);
        Assert.False(replaced.Info(false).IsEnforced);
        Assert.False(PermShell.Core.Store.Postgres.PostgresPermissionStore.Open(back.ConnectionString, createIfMissing: false, new SnapshotCache()).Snapshot().State.IsEnforced);
    }

    /// <summary>
    /// Makes a login role with <paramref name="privileges"/> on the store's tables, enforces the store (its session
    /// user a superuser), and returns the error of that role's attempt to grant bob WIKI_VIEW.
    /// </summary>
    private PermShellException GrantAsAnotherRole(string prefix, string privileges, bool isPermShellUser)
    {
        _role = $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 9)];
        Sql($"CREATE ROLE {_role} LOGIN; GRANT USAGE ON SCHEMA \"{_database!.Schema}\" TO {_role}; " +
            $"GRANT {privileges} ON ALL TABLES IN SCHEMA \"{_database.Schema}\" TO {_role};");
        Enforcement.Switch(Store, true, ChangeSource.Cmdlet("Set-PermissionStore"), _ => true);
        if (isPermShellUser)
        {
            var admit = Store.BeginBatch();
            admit.Gate = RightsGate.For(Store, admit.Snapshot);
            admit.Apply(new AddUser(new User { Name = _role }));
            Store.Commit(admit);
        }

        var asRole = PermShell.Core.Store.Postgres.PostgresPermissionStore.Open(
            new Npgsql.NpgsqlConnectionStringBuilder(_database.ConnectionString) { Username = _role }.ConnectionString, createIfMissing: false, new SnapshotCache());
        var batch = asRole.BeginBatch(ChangeSource.Cmdlet("Grant-Permission"));
        batch.Gate = RightsGate.For(asRole, batch.Snapshot);
        return Assert.Throws<PermShellException>(() => batch.Apply(new AddGrant("bob", "WIKI_VIEW")));
    }

    private void Sql(string sql)
    {
        using var c = new Npgsql.NpgsqlConnection(_database!.BaseConnectionString);
        c.Open();
        using var cmd = new Npgsql.NpgsqlCommand(sql, c);
        cmd.ExecuteNonQuery();
    }

    public override void Dispose()
    {
        _database?.Dispose();
        if (_role is not null) Sql($"DROP OWNED BY {_role}; DROP ROLE {_role};");
        base.Dispose();
    }
}
