using CsCheck;
using PermShell.Core.Interchange;
using PermShell.Core.Manifest;
using PermShell.Core.Store;
using PermShell.Core.Templates;
using PermShell.Core.Tests.Manifest;

namespace PermShell.Core.Tests.Interchange;

public sealed class TracCsvTests : IDisposable
{
    private readonly InterchangeFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static PermissionState Catalog(params string[] names)
    {
        var builder = new StateBuilder();
        foreach (var name in names) builder.Permission(name);
        return builder.State;
    }

    [Fact]
    public void Trac_template_exports_exactly_the_two_lines_of_a_new_Trac_environment()
    {
        var csv = TracCsvWriter.Write(StoreTemplate.Create(StoreTemplateKind.Trac));

        Assert.Equal(
            "anonymous,BROWSER_VIEW,CHANGESET_VIEW,FILE_VIEW,LOG_VIEW,MILESTONE_VIEW,REPORT_SQL_VIEW,REPORT_VIEW,ROADMAP_VIEW,SEARCH_VIEW,TICKET_VIEW,TIMELINE_VIEW,WIKI_VIEW\n" +
            "authenticated,TICKET_CREATE,TICKET_MODIFY,WIKI_CREATE,WIKI_MODIFY\n", csv);
    }

    [Fact]
    public void A_row_holds_the_subjects_grants_and_groups_sorted_by_code_point_and_nothing_expanded()
    {
        var state = new StateBuilder(StoreTemplate.Create(StoreTemplateKind.Trac))
            .User("bob").User("carol").User("idle")
            .Group("developer", "bob").Group("release", "carol").Group("Support")
            .Group("developer", "release")
            .Grant("bob", "WIKI_DELETE").Grant("developer", "TICKET_ADMIN").Grant("release", "MILESTONE_ADMIN")
            .State;
        state.Grants.Remove(PermissionState.Anonymous);
        state.Grants.Remove(PermissionState.Authenticated);

        // Upper case sorts before lower case; idle and Support have no row of their own.
        Assert.Equal("""
            bob,WIKI_DELETE,developer
            carol,release
            developer,TICKET_ADMIN
            release,MILESTONE_ADMIN,developer

            """.ReplaceLineEndings("\n"), TracCsvWriter.Write(state));
    }

    [Fact]
    public void Names_are_quoted_as_Pythons_csv_writer_quotes_them_kept_whole_and_in_code_point_order()
    {
        var state = new StateBuilder(Catalog("WIKI_VIEW"))
            .User("josé").User("a,b").User("say \"hi\"").User("😀").User("\uFF01x").User("tab in\u2028side")
            .Grant("josé", "WIKI_VIEW").Grant("a,b", "WIKI_VIEW").Grant("say \"hi\"", "WIKI_VIEW")
            .Grant("😀", "WIKI_VIEW").Grant("\uFF01x", "WIKI_VIEW").Grant("tab in\u2028side", "WIKI_VIEW")
            .Group("ops, eu", "josé")
            .State;

        Assert.Equal(
            "\"a,b\",WIKI_VIEW\n" +
            "josé,WIKI_VIEW,\"ops, eu\"\n" +
            "\"say \"\"hi\"\"\",WIKI_VIEW\n" +
            "tab in\u2028side,WIKI_VIEW\n" +
            "\uFF01x,WIKI_VIEW\n" +
            "😀,WIKI_VIEW\n", TracCsvWriter.Write(state));
    }

    [Fact]
    public void Import_adds_grants_creates_the_groups_rows_join_and_keeps_what_the_store_has()
    {
        var store = _folder.Store(new StateBuilder(StoreTemplate.Create(StoreTemplateKind.Trac)).User("bob").Grant("bob", "WIKI_DELETE").State);
        var csv = _folder.Write("""
            bob,WIKI_VIEW,developer
            carol,release
            developer,TICKET_ADMIN
            release,developer
            """.ReplaceLineEndings("\r\n"), "csv");

        InterchangeFolder.Import(store, csv, ManifestFormat.TracCsv);

        var state = store.Snapshot().State;
        Assert.Equal(["bob", "carol"], state.Users.Keys.Order());
        Assert.Equal(["developer", "release"], state.Groups.Keys.Order());
        Assert.Equal(["bob", "release"], state.MembersOf("developer").Order());
        Assert.Equal(["WIKI_DELETE", "WIKI_VIEW"], state.GrantsOf("bob").Order());
        Assert.True(store.Snapshot().Check("carol", "TICKET_VIEW"));
        Assert.Equal(16, state.Grants[PermissionState.Anonymous].Count + state.Grants[PermissionState.Authenticated].Count);
    }

    [Fact]
    public void Importing_the_same_file_again_changes_nothing()
    {
        var store = _folder.Store(template: StoreTemplateKind.Trac);
        var csv = _folder.Write("bob,WIKI_VIEW,developer\ndeveloper,TICKET_ADMIN\n", "csv");

        Assert.NotEmpty(InterchangeFolder.Import(store, csv, ManifestFormat.TracCsv));
        Assert.Empty(InterchangeFolder.Import(store, csv, ManifestFormat.TracCsv));
    }

    [Fact]
    public void A_catalog_permission_that_is_not_upper_case_is_a_grant_not_a_group()
    {
        var store = _folder.Store(template: StoreTemplateKind.Django);
        var csv = _folder.Write("bob,auth.change_user,staff\n", "csv");

        InterchangeFolder.Import(store, csv, ManifestFormat.TracCsv);

        var state = store.Snapshot().State;
        Assert.Equal(["auth.change_user"], state.GrantsOf("bob"));
        Assert.Equal(["bob"], state.MembersOf("staff"));
    }

    [Fact]
    public void An_unknown_permission_refuses_the_whole_file_and_names_its_row_and_column()
    {
        var store = _folder.Store(template: StoreTemplateKind.Trac);
        var csv = _folder.Write("alice,WIKI_VIEW\nbob,WIKI_VEIW\ncarol,TICKET_VIEW\n", "csv");

        var problem = Assert.Single(InterchangeFolder.Refused(store, csv, ManifestFormat.TracCsv));

        ManifestFolder.AssertProblem(problem, csv, 2, 5, "PermShell.Grant.UnknownPermission");
        Assert.Contains("Did you mean WIKI_VIEW", problem.Message);
    }

    [Fact]
    public void White_space_is_kept_so_a_padded_permission_is_unknown()
    {
        var store = _folder.Store(template: StoreTemplateKind.Trac);
        var csv = _folder.Write("bob, WIKI_VIEW\n", "csv");

        ManifestFolder.AssertProblem(Assert.Single(InterchangeFolder.Refused(store, csv, ManifestFormat.TracCsv)), csv, 1, 5, "PermShell.Grant.UnknownPermission");
    }

    [Fact]
    public void An_upper_case_subject_is_reserved_for_permissions()
    {
        var store = _folder.Store(template: StoreTemplateKind.Trac);
        var csv = _folder.Write("bob,WIKI_VIEW\nJOE,WIKI_VIEW\n", "csv");

        ManifestFolder.AssertProblem(Assert.Single(InterchangeFolder.Refused(store, csv, ManifestFormat.TracCsv)), csv, 2, 1, "PermShell.Name.UpperCase");
    }

    [Fact]
    public void An_empty_row_or_a_row_without_values_is_refused_with_its_line()
    {
        var store = _folder.Store(template: StoreTemplateKind.Trac);
        var csv = _folder.Write("bob,WIKI_VIEW\n\ncarol\nalice,WIKI_VIEW,\n", "csv");

        var problems = InterchangeFolder.Refused(store, csv, ManifestFormat.TracCsv);

        Assert.Collection(problems,
            p => ManifestFolder.AssertProblem(p, csv, 2, 1, "PermShell.Manifest.EmptyRow"),
            p => ManifestFolder.AssertProblem(p, csv, 3, 1, "PermShell.Manifest.IncompleteRow"),
            p => ManifestFolder.AssertProblem(p, csv, 4, 17, "PermShell.Manifest.EmptyValue"));
        Assert.Contains("Row 2", problems[0].Message);
    }

    [Theory]
    [InlineData("carol,bob\n", "PermShell.Manifest.NotAGroup")]
    [InlineData("carol,anonymous\n", "PermShell.Manifest.NotAGroup")]
    [InlineData("carol,wiki_view\n", "PermShell.Name.DiffersByCase")]
    [InlineData("carol,dev\ndev,carol\n", "PermShell.Group.MembershipCycle")]
    public void A_value_that_cannot_be_a_group_is_refused(string text, string errorId)
    {
        var store = _folder.Store(new StateBuilder(StoreTemplate.Create(StoreTemplateKind.Trac)).User("bob").State);
        var csv = _folder.Write(text, "csv");

        Assert.Contains(InterchangeFolder.Refused(store, csv, ManifestFormat.TracCsv), p => p.ErrorId == errorId && p.Location.Line >= 1);
    }

    [Fact]
    public void Sync_makes_grants_and_memberships_the_files_and_keeps_users_attributes_groups_and_catalog()
    {
        var start = new StateBuilder(StoreTemplate.Create(StoreTemplateKind.Trac))
            .User("bob").User("alice", superuser: true).User("mallory", active: false)
            .Group("developer", "bob", "mallory").Group("empty")
            .Grant("bob", "WIKI_DELETE").Grant("alice", "TRAC_ADMIN").Grant("developer", "TICKET_ADMIN")
            .State;
        start.Users["bob"] = start.Users["bob"] with { Email = "bob@example.org" };
        start.Groups["developer"] = start.Groups["developer"] with { Description = "Developers" };
        var store = _folder.Store(start);
        var csv = _folder.Write("anonymous,WIKI_VIEW\nbob,WIKI_VIEW,developer\ndeveloper,TICKET_VIEW\n", "csv");

        InterchangeFolder.Import(store, csv, ManifestFormat.TracCsv, ManifestMode.Sync);

        var state = store.Snapshot().State;
        Assert.Equal(File.ReadAllText(csv), TracCsvWriter.Write(state));
        Assert.Equal(["alice", "bob", "mallory"], state.Users.Keys.Order());
        Assert.Equal("bob@example.org", state.Users["bob"].Email);
        Assert.True(state.Users["alice"].IsSuperuser);
        Assert.False(state.Users["mallory"].IsActive);
        Assert.Equal("Developers", state.Groups["developer"].Description);
        Assert.Equal(["developer", "empty"], state.Groups.Keys.Order());
        Assert.Equal(42, state.Permissions.Count);
        Assert.Empty(state.GrantsOf(PermissionState.Authenticated));
    }

    [Fact]
    public void Losses_name_what_Trac_cannot_carry()
    {
        var state = new StateBuilder(Catalog("WIKI_VIEW", "auth.view_user")).User("alice", superuser: true).User("mallory", active: false)
            .Grant("mallory", "WIKI_VIEW").Grant("alice", "auth.view_user").State;

        var losses = TracCsvWriter.Losses(state);

        Assert.Collection(losses,
            l => Assert.Contains("no superuser flag: alice", l),
            l => Assert.Contains("no inactive flag: mallory", l),
            l => Assert.Contains("auth.view_user is a permission", l));
        Assert.Empty(TracCsvWriter.Losses(StoreTemplate.Create(StoreTemplateKind.Trac)));
    }

    [Fact]
    public void Export_import_into_the_same_catalog_export_gives_the_same_bytes_for_random_states()
    {
        RandomStates.State.Sample(state =>
        {
            var first = TracCsvWriter.Write(state);
            var catalog = new PermissionState();
            foreach (var (name, definition) in state.Permissions) catalog.Permissions[name] = definition;
            var store = _folder.Store(catalog);

            InterchangeFolder.Import(store, _folder.Write(first, "csv"), ManifestFormat.TracCsv);

            Assert.Equal(first, InterchangeFolder.Export(store, ManifestFormat.TracCsv));
        }, iter: 40, threads: 1, print: TracCsvWriter.Write);
    }
}
