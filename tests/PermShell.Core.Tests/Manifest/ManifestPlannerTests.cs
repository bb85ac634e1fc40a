using PermShell.Core.Manifest;
using PermShell.Core.Store;
using PermShell.Core.Templates;

namespace PermShell.Core.Tests.Manifest;

public sealed class ManifestPlannerTests : IDisposable
{
    private readonly ManifestFolder _folder = new();
    private readonly PermissionStore _store;

    public ManifestPlannerTests()
    {
        var state = new StateBuilder()
            .Permission("WIKI_VIEW").Permission("WIKI_MODIFY").Permission("TICKET_VIEW")
            .User("bob").User("alice").User("carol")
            .Group("developer", "alice").Group("staff", "developer")
            .Grant("bob", "WIKI_VIEW").Grant("developer", "WIKI_MODIFY")
            .Grant(PermissionState.Anonymous, "WIKI_VIEW").Grant(PermissionState.Authenticated, "WIKI_MODIFY")
            .State;
        state.Users["bob"] = state.Users["bob"] with { Email = "bob@old.example", DisplayName = "Bob" };
        foreach (var (name, def) in state.Permissions.ToList())
        {
            var (app, codeName) = PermissionNaming.Split(name);
            state.Permissions[name] = def with { App = app, CodeName = codeName };
        }
        _store = StoreWith(_folder.StoreFile(), state);
    }

    public void Dispose() => _folder.Dispose();

    internal static PermissionStore StoreWith(string file, PermissionState state)
    {
        var store = PermissionStore.Create(file, StoreTemplateKind.Empty, overwrite: false);
        using var writer = store.BeginWrite();
        foreach (var change in StateAsChanges.Additions(state)) writer.Apply(change);
        writer.Commit();
        return store;
    }

    private ManifestDocument Manifest(string yaml) => ManifestLoader.Load(_folder.Write($"m{Guid.NewGuid():N}.yaml", yaml));

    private IReadOnlyList<Change> Plan(string yaml, ManifestMode mode) =>
        ManifestImport.Plan(_store.Snapshot().State, Manifest(yaml), mode);

    private IReadOnlyList<Change> Import(string yaml, ManifestMode mode)
    {
        var batch = _store.BeginBatch();
        var plan = ManifestImport.Apply(batch, Manifest(yaml), mode);
        Assert.Equal(plan, _store.Commit(batch));
        return plan;
    }

    private static string[] Lines(IEnumerable<Change> plan) => plan.Select(ChangeView.Of).Select(c => $"{c.Action} {c.Kind} {c.Subject}{(c.Target.Length > 0 ? " " + c.Target : "")}").ToArray();

    [Fact]
    public void Merge_adds_and_updates_what_the_manifest_states_and_removes_nothing()
    {
        var plan = Plan("""
            version: 1
            users:
              - name: bob
                email: bob@new.example
                grants: [TICKET_VIEW]
              - name: dave
            groups:
              - name: developer
                members: [bob]
            """, ManifestMode.Merge);

        Assert.Equal(
        [
            "Update User bob",
            "Add User dave",
            "Add Member developer bob",
            "Add Grant bob TICKET_VIEW",
        ], Lines(plan));
        var update = Assert.IsType<UpdateUser>(plan[0]);
        Assert.Equal("bob@old.example", update.Before.Email);
        Assert.Equal(new User { Name = "bob", DisplayName = "Bob", Email = "bob@new.example" }, update.After);
    }

    [Fact]
    public void Sync_removes_what_a_listed_section_lacks_and_leaves_omitted_sections_alone()
    {
        var plan = Plan("""
            version: 1
            users:
              - name: bob
                displayName: Bob
                email: bob@old.example
            """, ManifestMode.Sync);

        Assert.Equal(
        [
            "Remove Grant bob WIKI_VIEW",
            "Remove Member developer alice",
            "Remove User alice",
            "Remove User carol",
        ], Lines(plan));
    }

    [Fact]
    public void Sync_gives_unstated_fields_their_defaults_and_merge_keeps_them()
    {
        const string yaml = "version: 1\nusers:\n  - name: bob\n    grants: [WIKI_VIEW]\n";

        Assert.Empty(Plan(yaml, ManifestMode.Merge));
        var update = Assert.Single(Plan(yaml, ManifestMode.Sync).OfType<UpdateUser>(), c => c.Name == "bob");
        Assert.Equal(new User { Name = "bob" }, update.After);
    }

    [Fact]
    public void Sync_of_groups_makes_anonymous_and_authenticated_grants_exact()
    {
        var plan = Plan("""
            version: 1
            groups:
              - name: developer
                members: [alice]
                grants: [WIKI_MODIFY]
              - name: staff
                members: [developer]
              - name: anonymous
                grants: [TICKET_VIEW]
            """, ManifestMode.Sync);

        Assert.Equal(
        [
            "Remove Grant anonymous WIKI_VIEW",
            "Remove Grant authenticated WIKI_MODIFY",
            "Add Grant anonymous TICKET_VIEW",
        ], Lines(plan));
    }

    [Fact]
    public void Sync_of_the_catalog_removes_unlisted_permissions_with_their_grants_shown()
    {
        var plan = Plan("""
            version: 1
            permissions:
              - name: WIKI_VIEW
              - name: TICKET_VIEW
                description: See tickets
            """, ManifestMode.Sync);

        Assert.Equal(
        [
            "Remove Grant authenticated WIKI_MODIFY",
            "Remove Grant developer WIKI_MODIFY",
            "Remove Permission WIKI_MODIFY",
            "Update Permission TICKET_VIEW",
        ], Lines(plan));
    }

    [Fact]
    public void Merge_update_of_a_permission_keeps_unstated_fields_and_implication_order_is_no_change()
    {
        Import("""
            version: 1
            permissions:
              - name: WIKI_ADMIN
                model: page
                implies: [WIKI_VIEW, WIKI_MODIFY]
            """, ManifestMode.Merge);

        var plan = Plan("""
            version: 1
            permissions:
              - name: WIKI_ADMIN
                description: Everything wiki
                implies: [WIKI_MODIFY, WIKI_VIEW]
            """, ManifestMode.Merge);

        var after = Assert.IsType<UpdatePermission>(Assert.Single(plan)).After;
        Assert.Equal(("wiki", "page", "Everything wiki"), (after.App, after.Model, after.Description));
        Assert.Equal(["WIKI_VIEW", "WIKI_MODIFY"], after.Implies);
    }

    [Theory]
    [InlineData(ManifestMode.Merge)]
    [InlineData(ManifestMode.Sync)]
    public void Replanning_right_after_an_import_finds_nothing_to_do_and_writes_nothing(ManifestMode mode)
    {
        const string yaml = """
            version: 1
            permissions:
              - name: WIKI_VIEW
              - name: WIKI_ADMIN
                implies: ["WIKI_*"]
              - name: auth.change_user
                model: user
                description: Can change user
            users:
              - name: bob
                email: bob@example.org
                grants: [WIKI_VIEW]
              - name: erin
                active: false
                superuser: true
            groups:
              - name: developer
                description: Developers
                members: [bob, erin]
                grants: [WIKI_ADMIN]
              - name: staff
                members: [developer]
              - name: authenticated
                grants: [auth.change_user]
            """;
        Assert.NotEmpty(Import(yaml, mode));
        var revision = _store.Info(isDefault: false).Revision;

        var again = Import(yaml, mode);

        Assert.Empty(again);
        Assert.Equal("No changes. The store matches the manifest.", PlanSummary.Of(again).ToString());
        Assert.Equal(revision, _store.Info(isDefault: false).Revision);
    }

    [Fact]
    public void Sync_applies_in_one_transaction_when_names_change_kind()
    {
        // alice (user) becomes a group, WIKI_MODIFY goes, and a group takes the name of a removed permission.
        var yaml = """
            version: 1
            permissions:
              - name: WIKI_VIEW
              - name: TICKET_VIEW
            users:
              - name: bob
                grants: [TICKET_VIEW]
            groups:
              - name: alice
                members: [bob]
              - name: wiki_modify
                members: [alice]
            """;
        var before = _store.Info(isDefault: false).Revision;

        var plan = Import(yaml, ManifestMode.Sync);

        Assert.Equal(before + 1, _store.Info(isDefault: false).Revision);
        var state = _store.Snapshot().State;
        Assert.Equal(["alice", "wiki_modify"], state.Groups.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["bob"], state.Users.Keys);
        Assert.Equal(["TICKET_VIEW", "WIKI_VIEW"], state.Permissions.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(ManifestPlanner.Plan(state, Manifest(yaml), ManifestMode.Sync));
        var firstAdd = plan.ToList().FindIndex(c => c.Action != ChangeAction.Remove);
        Assert.All(plan.Skip(firstAdd), c => Assert.NotEqual(ChangeAction.Remove, c.Action));
    }

    [Fact]
    public void Import_that_is_not_committed_changes_nothing()
    {
        ManifestImport.Apply(_store.BeginBatch(), Manifest("version: 1\nusers: []\n"), ManifestMode.Sync);

        Assert.Equal(3, _store.Snapshot().State.Users.Count);
    }

    [Fact]
    public void Invalid_manifest_is_refused_before_anything_is_written()
    {
        var document = Manifest("version: 1\nusers:\n  - name: bob\n    grants: [NOPE]\n");
        var batch = _store.BeginBatch();

        var e = Assert.Throws<ManifestException>(() => ManifestImport.Apply(batch, document, ManifestMode.Merge));

        Assert.Equal("PermShell.Grant.UnknownPermission", Assert.Single(e.Problems).ErrorId);
        Assert.Empty(batch.Staged);
    }

    [Fact]
    public void Summary_counts_adds_changes_and_removes()
    {
        var plan = new Change[]
        {
            new AddGrant("bob", "A"), new AddGrant("bob", "B"), new AddMember("g", "bob"),
            new UpdateUser(new User { Name = "bob" }, new User { Name = "bob", Email = "b@x" }),
            new RemoveGrant("x", "A"), new RemoveUser(new User { Name = "x" }),
        };

        Assert.Equal("Plan: 3 to add, 1 to change, 2 to remove.", PlanSummary.Of(plan).ToString());
    }

    [Fact]
    public void Markdown_plan_escapes_names_and_values_that_could_break_the_table()
    {
        var plan = new Change[]
        {
            new AddGroup(new Group { Name = "a|b`c", Description = "<img src=x> *bold*" }),
            new UpdateUser(Before: new User { Name = "bob" }, After: new User { Name = "bob", Email = "b@x", IsActive = false }),
            new RemoveGrant("bob", "WIKI_VIEW"),
        };

        var md = PlanMarkdown.Render(plan, "Plan for prod #1");

        Assert.Equal("""
            ### Plan for prod \#1

            **Plan: 1 to add, 1 to change, 1 to remove.**

            | | Kind | Name | Target | Details |
            |---|---|---|---|---|
            | `+` add | Group | ``a\|b`c`` |  | description: `<img src=x> *bold*` |
            | `~` change | User | `bob` |  | email: *(empty)* → `b@x`<br>active: `true` → `false` |
            | `-` remove | Grant | `bob` | `WIKI_VIEW` |  |

            """.ReplaceLineEndings("\n"), md);
    }

    [Fact]
    public void Markdown_of_an_empty_plan_says_so_and_long_plans_are_cut()
    {
        Assert.Equal("### t\n\n**No changes. The store matches the manifest.**\n", PlanMarkdown.Render([], "t"));

        var many = Enumerable.Range(0, 12).Select(i => new AddGrant($"u{i}", "P")).ToList();
        var md = PlanMarkdown.Render(many, "t", maxRows: 10);
        Assert.Contains("`u9`", md);
        Assert.DoesNotContain("`u10`", md);
        Assert.EndsWith("…and 2 more changes.\n", md);
    }
}
