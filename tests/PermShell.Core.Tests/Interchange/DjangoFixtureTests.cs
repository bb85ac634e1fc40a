using CsCheck;
using PermShell.Core.Interchange;
using PermShell.Core.Manifest;
using PermShell.Core.Store;
using PermShell.Core.Tests.Manifest;

namespace PermShell.Core.Tests.Interchange;

public sealed class DjangoFixtureTests : IDisposable
{
    private readonly InterchangeFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    // As manage.py dumpdata auth --natural-foreign --natural-primary writes it (fewer objects, one line each).
    private const string Natural = """
        [
        {"model": "auth.permission", "fields": {"name": "Can change user", "content_type": ["auth", "user"], "codename": "change_user"}},
        {"model": "auth.permission", "fields": {"name": "Can view page", "content_type": ["wiki", "page"], "codename": "view_page"}},
        {"model": "auth.permission", "fields": {"name": "Can audit permissions", "content_type": ["permissions_tool", "permissionstool"], "codename": "audit_permissions"}},
        {"model": "auth.group", "fields": {"name": "Auditors, EU", "permissions": [["audit_permissions", "permissions_tool", "permissionstool"], ["view_page", "wiki", "page"]]}},
        {"model": "auth.group", "fields": {"name": "empty", "permissions": []}},
        {"model": "auth.user", "fields": {"password": "md5$x$y", "last_login": null, "is_superuser": true, "username": "alice", "first_name": "", "last_name": "", "email": "alice@example.org", "is_staff": true, "is_active": true, "date_joined": "2024-01-01T00:00:00Z", "groups": [], "user_permissions": []}},
        {"model": "auth.user", "fields": {"password": "md5$x$y", "last_login": null, "is_superuser": false, "username": "bob", "first_name": "Bob", "last_name": "Builder", "email": "bob@example.org", "is_staff": false, "is_active": true, "date_joined": "2024-01-01T00:00:00Z", "groups": [["Auditors, EU"]], "user_permissions": [["change_user", "auth", "user"]]}},
        {"model": "auth.user", "fields": {"password": "", "last_login": null, "is_superuser": false, "username": "josé", "first_name": "", "last_name": "", "email": "", "is_staff": false, "is_active": false, "date_joined": "2024-01-01T00:00:00Z", "groups": [["Auditors, EU"]], "user_permissions": []}}
        ]
        """;

    // The same site as manage.py dumpdata auth contenttypes writes it: integer ids, content types last.
    private const string Pks = """
        [
        {"model": "auth.permission", "pk": 14, "fields": {"name": "Can change user", "content_type": 4, "codename": "change_user"}},
        {"model": "auth.permission", "pk": 18, "fields": {"name": "Can view page", "content_type": 6, "codename": "view_page"}},
        {"model": "auth.permission", "pk": 17, "fields": {"name": "Can audit permissions", "content_type": 5, "codename": "audit_permissions"}},
        {"model": "auth.group", "pk": 2, "fields": {"name": "Auditors, EU", "permissions": [17, 18]}},
        {"model": "auth.group", "pk": 3, "fields": {"name": "empty", "permissions": []}},
        {"model": "auth.user", "pk": 1, "fields": {"password": "md5$x$y", "last_login": null, "is_superuser": true, "username": "alice", "first_name": "", "last_name": "", "email": "alice@example.org", "is_staff": true, "is_active": true, "date_joined": "2024-01-01T00:00:00Z", "groups": [], "user_permissions": []}},
        {"model": "auth.user", "pk": 2, "fields": {"password": "md5$x$y", "last_login": null, "is_superuser": false, "username": "bob", "first_name": "Bob", "last_name": "Builder", "email": "bob@example.org", "is_staff": false, "is_active": true, "date_joined": "2024-01-01T00:00:00Z", "groups": [2], "user_permissions": [14]}},
        {"model": "auth.user", "pk": 3, "fields": {"password": "", "last_login": null, "is_superuser": false, "username": "josé", "first_name": "", "last_name": "", "email": "", "is_staff": false, "is_active": false, "date_joined": "2024-01-01T00:00:00Z", "groups": [2], "user_permissions": []}},
        {"model": "contenttypes.contenttype", "pk": 4, "fields": {"app_label": "auth", "model": "user"}},
        {"model": "contenttypes.contenttype", "pk": 5, "fields": {"app_label": "permissions_tool", "model": "permissionstool"}},
        {"model": "contenttypes.contenttype", "pk": 6, "fields": {"app_label": "wiki", "model": "page"}}
        ]
        """;

    [Fact]
    public void A_natural_key_dump_becomes_permissions_users_groups_grants_and_memberships()
    {
        var store = _folder.Store();

        InterchangeFolder.Import(store, _folder.Write(Natural, "json"), ManifestFormat.DjangoFixture);

        var state = store.Snapshot().State;
        Assert.Equal(new PermissionDefinition { Name = "auth.change_user", App = "auth", CodeName = "change_user", Model = "user", Description = "Can change user" },
            state.Permissions["auth.change_user"]);
        Assert.Equal("permissions_tool | permissionstool | Can audit permissions", state.Permissions["permissions_tool.audit_permissions"].Display);
        Assert.Equal(new User { Name = "alice", Email = "alice@example.org", IsSuperuser = true }, state.Users["alice"]);
        Assert.Equal(new User { Name = "bob", DisplayName = "Bob Builder", Email = "bob@example.org" }, state.Users["bob"]);
        Assert.False(state.Users["josé"].IsActive);
        Assert.Equal(["Auditors, EU", "empty"], state.Groups.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["bob", "josé"], state.MembersOf("Auditors, EU").Order(StringComparer.Ordinal));
        Assert.Equal(["permissions_tool.audit_permissions", "wiki.view_page"], state.GrantsOf("Auditors, EU").Order(StringComparer.Ordinal));
        Assert.Equal(["auth.change_user"], state.GrantsOf("bob"));
        var snapshot = store.Snapshot();
        Assert.True(snapshot.Check("alice", "wiki.view_page"));
        Assert.True(snapshot.Check("bob", "wiki.view_page"));
        Assert.False(snapshot.Check("josé", "wiki.view_page"));
    }

    [Fact]
    public void An_integer_id_dump_with_its_content_types_gives_the_same_store()
    {
        var natural = _folder.Store();
        var pks = _folder.Store();

        InterchangeFolder.Import(natural, _folder.Write(Natural, "json"), ManifestFormat.DjangoFixture);
        InterchangeFolder.Import(pks, _folder.Write(Pks, "json"), ManifestFormat.DjangoFixture);

        Assert.Equal(ManifestWriter.Write(natural.Snapshot().State), ManifestWriter.Write(pks.Snapshot().State));
    }

    [Fact]
    public void Importing_the_same_fixture_again_changes_nothing()
    {
        var store = _folder.Store();
        var path = _folder.Write(Natural, "json");

        InterchangeFolder.Import(store, path, ManifestFormat.DjangoFixture);

        Assert.Empty(InterchangeFolder.Import(store, path, ManifestFormat.DjangoFixture));
        Assert.Empty(InterchangeFolder.Import(store, path, ManifestFormat.DjangoFixture, ManifestMode.Sync));
    }

    [Fact]
    public void Objects_of_other_models_are_ignored_with_a_warning()
    {
        var path = _folder.Write("""
            [
              {"model": "admin.logentry", "pk": 1, "fields": {}},
              {"model": "sessions.session", "pk": "x", "fields": {}},
              {"model": "admin.logentry", "pk": 2, "fields": {}}
            ]
            """.ReplaceLineEndings("\n"), "json");

        var document = ManifestSource.Load(path, ManifestFormat.DjangoFixture);

        Assert.Collection(document.Warnings,
            w => ManifestFolder.AssertProblem(w, path, 2, 13, "PermShell.Manifest.IgnoredModel"),
            w => ManifestFolder.AssertProblem(w, path, 3, 13, "PermShell.Manifest.IgnoredModel"));
        Assert.Contains("2 admin.logentry objects were ignored", document.Warnings[0].Message);
        Assert.Empty(document.Users!);
    }

    [Fact]
    public void A_reference_to_an_id_the_file_lacks_is_a_problem_at_that_element()
    {
        var path = _folder.Write("""
            [
              {"model": "auth.permission", "pk": 1, "fields": {"name": "Can x", "content_type": 9, "codename": "x"}},
              {"model": "auth.group", "pk": 1, "fields": {"name": "g", "permissions": [2]}},
              {"model": "auth.user", "pk": 1, "fields": {"username": "u", "groups": [
                7], "user_permissions": []}}
            ]
            """.ReplaceLineEndings("\n"), "json");

        var problems = Assert.Throws<ManifestException>(() => ManifestSource.Load(path, ManifestFormat.DjangoFixture)).Problems;

        Assert.Collection(problems,
            p => ManifestFolder.AssertProblem(p, path, 2, 85, "PermShell.Manifest.UnknownReference"),
            p => ManifestFolder.AssertProblem(p, path, 3, 76, "PermShell.Manifest.UnknownReference"),
            p => ManifestFolder.AssertProblem(p, path, 5, 5, "PermShell.Manifest.UnknownReference"));
        Assert.Contains("Content type 9 is not in the file", problems[0].Message);
    }

    [Fact]
    public void Broken_JSON_is_one_problem_at_its_line_and_column()
    {
        var path = _folder.Write("[\n  {\"model\": \"auth.user\",\n   \"fields\": {\"username\": \"bob\",}}\n]\n", "json");

        var problem = Assert.Single(Assert.Throws<ManifestException>(() => ManifestSource.Load(path, ManifestFormat.DjangoFixture)).Problems);

        Assert.Equal("PermShell.Manifest.Syntax", problem.ErrorId);
        Assert.Equal(3, problem.Location.Line);
    }

    [Theory]
    [InlineData("""[{"model": "auth.user", "fields": {"username": "JOE"}}]""", "PermShell.Name.UpperCase", 48)]
    [InlineData("""[{"model": "auth.user", "fields": {"username": "x"}}, {"model": "auth.user", "fields": {"username": "x"}}]""", "PermShell.Manifest.DuplicateName", 101)]
    [InlineData("""[{"model": "auth.group", "fields": {"name": "x"}}, {"model": "auth.user", "fields": {"username": "x"}}]""", "PermShell.Manifest.DuplicateName", 45)]
    [InlineData("""[{"model": "auth.user", "fields": {"username": "x", "is_active": "yes"}}]""", "PermShell.Manifest.WrongType", 66)]
    [InlineData("""[{"model": "auth.user", "fields": {"email": "x"}}]""", "PermShell.Manifest.MissingKey", 2)]
    [InlineData("""{"model": "auth.user"}""", "PermShell.Manifest.WrongType", 1)]
    public void What_PermShell_cannot_take_is_refused_at_its_place(string json, string errorId, int column)
    {
        var store = _folder.Store();
        var path = _folder.Write(json, "json");

        var problems = InterchangeFolder.Refused(store, path, ManifestFormat.DjangoFixture);

        Assert.Contains(problems, p => p.ErrorId == errorId && p.Location == new SourceLocation(path, 1, column));
    }

    [Fact]
    public void Sync_takes_the_fixture_as_the_whole_auth_app()
    {
        var store = _folder.Store(new StateBuilder().Permission("WIKI_VIEW").User("mallory").Grant(PermissionState.Anonymous, "WIKI_VIEW").State);

        InterchangeFolder.Import(store, _folder.Write(Natural, "json"), ManifestFormat.DjangoFixture, ManifestMode.Sync);

        var state = store.Snapshot().State;
        Assert.DoesNotContain("mallory", state.Users.Keys);
        Assert.DoesNotContain("WIKI_VIEW", state.Permissions.Keys);
        Assert.Empty(state.GrantsOf(PermissionState.Anonymous));
    }

    [Fact]
    public void Writes_what_loaddata_reads_laid_out_as_dumpdata_indents_it()
    {
        var store = _folder.Store();
        InterchangeFolder.Import(store, _folder.Write(Natural, "json"), ManifestFormat.DjangoFixture);
        var state = store.Snapshot().State.Clone();
        state.Users.Remove("josé");
        state.Users.Remove("alice");
        state.Members["Auditors, EU"] = state.Members["Auditors, EU"].Where(m => m != "josé").ToHashSet();
        state.Permissions.Remove("auth.change_user");
        state.Grants.Remove("bob");

        Assert.Equal("""
            [
            {
              "model": "contenttypes.contenttype",
              "fields": {
                "app_label": "permissions_tool",
                "model": "permissionstool"
              }
            },
            {
              "model": "contenttypes.contenttype",
              "fields": {
                "app_label": "wiki",
                "model": "page"
              }
            },
            {
              "model": "auth.permission",
              "fields": {
                "name": "Can audit permissions",
                "content_type": [
                  "permissions_tool",
                  "permissionstool"
                ],
                "codename": "audit_permissions"
              }
            },
            {
              "model": "auth.permission",
              "fields": {
                "name": "Can view page",
                "content_type": [
                  "wiki",
                  "page"
                ],
                "codename": "view_page"
              }
            },
            {
              "model": "auth.group",
              "fields": {
                "name": "Auditors, EU",
                "permissions": [
                  [
                    "audit_permissions",
                    "permissions_tool",
                    "permissionstool"
                  ],
                  [
                    "view_page",
                    "wiki",
                    "page"
                  ]
                ]
              }
            },
            {
              "model": "auth.group",
              "fields": {
                "name": "empty",
                "permissions": []
              }
            },
            {
              "model": "auth.user",
              "fields": {
                "password": "!",
                "is_superuser": false,
                "username": "bob",
                "first_name": "Bob Builder",
                "last_name": "",
                "email": "bob@example.org",
                "is_active": true,
                "groups": [
                  [
                    "Auditors, EU"
                  ]
                ],
                "user_permissions": []
              }
            }
            ]

            """.ReplaceLineEndings("\n"), DjangoFixtureWriter.Write(state));
    }

    [Fact]
    public void An_empty_store_writes_an_empty_array()
    {
        Assert.Equal("[\n]\n", DjangoFixtureWriter.Write(new PermissionState()));
    }

    [Fact]
    public void Text_is_escaped_as_Pythons_json_escapes_it()
    {
        var state = new PermissionState();
        state.Users["q\"\\\t\u0001é😀\u2028"] = new User { Name = "q\"\\\t\u0001é😀\u2028" };

        Assert.Contains("\"username\": \"q\\\"\\\\\\t\\u0001é😀\u2028\"", DjangoFixtureWriter.Write(state));
    }

    [Fact]
    public void Losses_name_what_Django_cannot_carry()
    {
        var state = new StateBuilder().Permission("WIKI_VIEW").Permission("auth.change_user", "auth.*")
            .User("bob").Group("dev", "bob").Group("staff", "dev").Grant(PermissionState.Anonymous, "auth.change_user").State;
        state.Groups["dev"] = state.Groups["dev"] with { Description = "Developers" };

        var losses = DjangoFixtureWriter.Losses(state);

        Assert.Collection(losses,
            l => Assert.Contains("WIKI_VIEW was left out", l),
            l => Assert.Contains("what auth.change_user implies", l),
            l => Assert.Contains("the App of auth.change_user", l),
            l => Assert.Contains("granted to anonymous", l),
            l => Assert.Contains("dev in staff", l),
            l => Assert.Contains("descriptions of dev", l));
    }

    [Fact]
    public void Export_import_into_an_empty_store_export_gives_the_same_bytes_for_random_states()
    {
        RandomStates.State.Sample(state =>
        {
            var first = DjangoFixtureWriter.Write(state);
            var store = _folder.Store();

            InterchangeFolder.Import(store, _folder.Write(first, "json"), ManifestFormat.DjangoFixture);

            Assert.Equal(first, InterchangeFolder.Export(store, ManifestFormat.DjangoFixture));
        }, iter: 40, threads: 1, print: DjangoFixtureWriter.Write);
    }
}
