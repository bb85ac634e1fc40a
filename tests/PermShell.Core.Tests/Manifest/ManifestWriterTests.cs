using CsCheck;
using PermShell.Core.Manifest;
using PermShell.Core.Store;
using PermShell.Core.Templates;

namespace PermShell.Core.Tests.Manifest;

public sealed class ManifestWriterTests : IDisposable
{
    private readonly ManifestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static PermissionState SpecExample()
    {
        var state = new StateBuilder()
            .User("bob").User("john").User("alice", superuser: true).User("mallory", active: false)
            .Group("developer", "john", "bob")
            .Grant("bob", "REPORT_DELETE").Grant("developer", "WIKI_ADMIN", "TICKET_MODIFY").Grant(PermissionState.Anonymous, "WIKI_VIEW")
            .State;
        state.Users["bob"] = state.Users["bob"] with { Email = "bob@example.org" };
        state.Permissions["auth.change_user"] = new PermissionDefinition
        {
            Name = "auth.change_user", App = "auth", CodeName = "change_user", Model = "user", Description = "Can change user",
        };
        state.Permissions["TICKET_ADMIN"] = new PermissionDefinition
        {
            Name = "TICKET_ADMIN", App = "ticket", CodeName = "TICKET_ADMIN", Description = "All TICKET_* permissions", Implies = ["TICKET_*"],
        };
        return state;
    }

    [Fact]
    public void Writes_sorted_entries_with_only_non_default_fields()
    {
        Assert.Equal("""
            version: 1
            permissions:
              - name: TICKET_ADMIN
                description: "All TICKET_* permissions"
                implies: ["TICKET_*"]
              - name: auth.change_user
                model: user
                description: Can change user
            users:
              - name: alice
                superuser: true
              - name: bob
                email: bob@example.org
                grants: [REPORT_DELETE]
              - name: john
              - name: mallory
                active: false
            groups:
              - name: anonymous
                grants: [WIKI_VIEW]
              - name: developer
                members: [bob, john]
                grants: [TICKET_MODIFY, WIKI_ADMIN]

            """.ReplaceLineEndings("\n"), ManifestWriter.Write(SpecExample()));
    }

    [Fact]
    public void Same_state_built_in_another_order_writes_the_same_bytes()
    {
        var a = SpecExample();
        var b = new PermissionState();
        foreach (var (k, v) in a.Permissions.Reverse()) b.Permissions[k] = v;
        foreach (var (k, v) in a.Users.Reverse()) b.Users[k] = v;
        foreach (var (k, v) in a.Groups.Reverse()) b.Groups[k] = v;
        foreach (var (k, v) in a.Members.Reverse()) b.Members[k] = new HashSet<string>(v.Reverse(), StringComparer.Ordinal);
        foreach (var (k, v) in a.Grants.Reverse()) b.Grants[k] = new HashSet<string>(v.Reverse(), StringComparer.Ordinal);

        Assert.Equal(ManifestWriter.Write(a), ManifestWriter.Write(b));
    }

    [Fact]
    public void Empty_store_writes_every_section_empty()
    {
        Assert.Equal("version: 1\npermissions: []\nusers: []\ngroups: []\n", ManifestWriter.Write(new PermissionState()));
    }

    [Fact]
    public void App_is_written_only_when_it_differs_from_the_name()
    {
        var state = new PermissionState();
        state.Permissions["WIKI_VIEW"] = new PermissionDefinition { Name = "WIKI_VIEW", App = "wiki", CodeName = "WIKI_VIEW" };
        state.Permissions["auth.view_user"] = new PermissionDefinition { Name = "auth.view_user", App = "accounts", CodeName = "view_user" };

        var yaml = ManifestWriter.Write(state);

        Assert.Contains("  - name: WIKI_VIEW\n  - name: auth.view_user\n    app: accounts\n", yaml);
    }

    [Theory]
    [InlineData("yes", "\"yes\"")]
    [InlineData("No", "\"No\"")]
    [InlineData("null", "\"null\"")]
    [InlineData("~", "\"~\"")]
    [InlineData("123", "\"123\"")]
    [InlineData("1e3", "\"1e3\"")]
    [InlineData("a: b", "\"a: b\"")]
    [InlineData("#x", "\"#x\"")]
    [InlineData("-x", "\"-x\"")]
    [InlineData("[x]", "\"[x]\"")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("it's", "\"it's\"")]
    [InlineData("back\\slash", "\"back\\\\slash\"")]
    [InlineData("josé", "\"josé\"")]
    [InlineData("smile 😀", "\"smile 😀\"")]
    [InlineData("line\u2028break", "\"line\\u2028break\"")]
    [InlineData("nb\u00A0sp", "\"nb\u00A0sp\"")]
    [InlineData("zero\u200Dwidth", "\"zero\\u200Dwidth\"")]
    [InlineData("dev team", "dev team")]
    [InlineData("dev.ops-1@x/y", "dev.ops-1@x/y")]
    public void Tricky_names_are_quoted_and_read_back_exactly(string name, string written)
    {
        var state = new StateBuilder().User(name).Grant(name, "WIKI_VIEW").State;

        var yaml = ManifestWriter.Write(state);

        Assert.Contains($"  - name: {written}\n", yaml);
        var doc = ManifestLoader.Load(_folder.Write("m.yaml", yaml));
        Assert.Equal(name, Assert.Single(doc.Users!).Name);
    }

    [Fact]
    public void Control_characters_in_descriptions_are_escaped_and_read_back_exactly()
    {
        const string description = "tab\there\nnew line\r\0nul\u0001\u007f\u0085\uFEFF end ";
        var state = new PermissionState();
        state.Groups["g"] = new Group { Name = "g", Description = description };

        var yaml = ManifestWriter.Write(state);

        Assert.Contains("description: \"tab\\there\\nnew line\\r\\x00nul\\x01\\x7F\\x85\\uFEFF end \"\n", yaml);
        Assert.Equal(description, ManifestLoader.Load(_folder.Write("m.yaml", yaml)).Groups![0].Description);
    }

    [Theory]
    [InlineData(StoreTemplateKind.Trac)]
    [InlineData(StoreTemplateKind.Django)]
    public void Template_content_exports_and_round_trips(StoreTemplateKind template)
    {
        var store = PermissionStore.Create(_folder.StoreFile(), template, overwrite: false);
        var first = ManifestWriter.Write(store.Snapshot().State);

        Assert.Equal(first, RoundTrip(first));
        if (template == StoreTemplateKind.Trac)
        {
            Assert.Contains("  - name: TRAC_ADMIN\n    implies: [\"*\"]\n", first);
            Assert.Contains("  - name: authenticated\n    grants: [TICKET_CREATE, TICKET_MODIFY, WIKI_CREATE, WIKI_MODIFY]\n", first);
        }
    }

    /// <summary>Load the YAML, import it into a new empty store, export that store.</summary>
    private string RoundTrip(string yaml)
    {
        using var folder = new ManifestFolder();
        var path = Path.Combine(folder.Path, "export.yaml");
        File.WriteAllText(path, yaml);
        var document = ManifestLoader.Load(path);
        var store = PermissionStore.Create(folder.StoreFile(), StoreTemplateKind.Empty, overwrite: false);
        var batch = store.BeginBatch();
        ManifestImport.Apply(batch, document, ManifestMode.Merge);
        store.Commit(batch);
        var state = store.Snapshot().State;
        Assert.Empty(ManifestPlanner.Plan(state, document, ManifestMode.Sync));
        return ManifestWriter.Write(state);
    }

    [Fact]
    public void Export_import_export_gives_the_same_bytes_for_random_states()
    {
        RandomStates.State.Sample(state =>
        {
            var first = ManifestWriter.Write(state);
            Assert.Equal(first, RoundTrip(first));
        }, iter: 60, threads: 1, print: ManifestWriter.Write);
    }
}
