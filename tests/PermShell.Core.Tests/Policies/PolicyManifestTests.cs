using PermShell.Core.Manifest;
using PermShell.Core.Store;
using PermShell.Core.Tests.Manifest;
using static PermShell.Core.Tests.Policies.TracAuthzPolicyTests;

namespace PermShell.Core.Tests.Policies;

/// <summary>The policies: section of manifests: reading, Merge and Sync plans, the plan's Markdown, and export ∘ import.</summary>
public sealed class PolicyManifestTests : IDisposable
{
    private readonly ManifestFolder _folder = new();
    private readonly PermissionStore _store;

    public PolicyManifestTests()
    {
        var state = new StateBuilder().Permission("WIKI_VIEW").Permission("WIKI_ADMIN", "WIKI_*").User("bob").Group("admins", "bob").State;
        state.Policies = [Section("a:*", "* ="), Section("b:*", "bob = WIKI_VIEW"), Section("c:*", "@admins = WIKI_ADMIN")];
        _store = ManifestPlannerTests.StoreWith(_folder.StoreFile(), state);
    }

    public void Dispose() => _folder.Dispose();

    private ManifestDocument Manifest(string yaml) => ManifestLoader.Load(_folder.Write($"m{Guid.NewGuid():N}.yaml", yaml));

    private IReadOnlyList<PolicySection> After(string yaml, ManifestMode mode)
    {
        var batch = _store.BeginBatch();
        ManifestImport.Apply(batch, Manifest(yaml), mode);
        _store.Commit(batch);
        return _store.Snapshot().State.Policies;
    }

    private const string Reordered = """
        version: 1
        policies:
          - resource: 'c:*'
            rules: ['@admins = WIKI_ADMIN']
          - resource: 'new:*'
            rules:
              - 'bob = !WIKI_ADMIN'
              - '* ='
          - resource: 'a:*'
            rules: ['bob = WIKI_VIEW']
        """;

    [Fact]
    public void Sync_makes_the_ordered_list_exactly_the_manifests()
    {
        var after = After(Reordered, ManifestMode.Sync);

        Assert.Equal(["c:*", "new:*", "a:*"], after.Select(s => s.Resource));
        Assert.Equal(["bob = !WIKI_ADMIN", "* ="], after[1].Rules.Select(r => r.ToString()));
        Assert.Equal("bob = WIKI_VIEW", Assert.Single(after[2].Rules).ToString());
    }

    [Fact]
    public void Merge_replaces_listed_sections_in_place_and_appends_new_ones_in_the_manifests_order()
    {
        var after = After(Reordered, ManifestMode.Merge);

        Assert.Equal(["a:*", "b:*", "c:*", "new:*"], after.Select(s => s.Resource));
        Assert.Equal("bob = WIKI_VIEW", Assert.Single(after[0].Rules).ToString());
    }

    [Fact]
    public void A_manifest_without_policies_leaves_them_alone_even_in_Sync()
    {
        Assert.Equal(3, After("version: 1\nusers: [{name: bob}]\n", ManifestMode.Sync).Count);
    }

    [Fact]
    public void The_plan_shows_each_policy_change_and_an_unchanged_manifest_plans_nothing()
    {
        var plan = ManifestImport.Plan(_store.Snapshot().State, Manifest(Reordered), ManifestMode.Sync);
        Assert.Equal(["Remove policy a:*", "Remove policy b:*", "new:*", "a:*"],
            plan.Select(c => c is AddPolicy a ? a.Resource : c.ToString()));
        var markdown = PlanMarkdown.Render(plan, "t");
        Assert.Contains("`bob = !WIKI_ADMIN`", markdown);

        var export = ManifestWriter.Write(_store.Snapshot().State);
        Assert.DoesNotContain(ManifestImport.Plan(_store.Snapshot().State, Manifest(export), ManifestMode.Sync), c => c.Kind == ChangeKind.Policy);
    }

    [Fact]
    public void Export_writes_the_sections_in_order_with_their_rules_one_a_line()
    {
        var export = ManifestWriter.Write(_store.Snapshot().State);

        Assert.EndsWith("""
            policies:
              - resource: "a:*"
                rules:
                  - "* ="
              - resource: "b:*"
                rules:
                  - "bob = WIKI_VIEW"
              - resource: "c:*"
                rules:
                  - "@admins = WIKI_ADMIN"

            """.ReplaceLineEndings("\n"), export);
    }

    [Fact]
    public void A_rule_without_an_equals_sign_and_a_bad_pattern_are_reported_where_written()
    {
        var e = Assert.Throws<ManifestException>(() => ManifestImport.Plan(_store.Snapshot().State,
            ManifestLoader.Load(_folder.Write("bad.yaml", "version: 1\npolicies:\n  - resource: 'wiki:*'\n    rules: ['bob WIKI_VIEW']\n")), ManifestMode.Merge));
        var problem = Assert.Single(e.Problems);
        Assert.Equal(("PermShell.Policy.InvalidEntry", 4), (problem.ErrorId, problem.Location.Line));

        var document = Manifest("version: 1\npolicies:\n  - resource: groups\n    rules: []\n");
        var invalid = ManifestValidator.Check(document, _store.Snapshot().State, ManifestMode.Merge);
        Assert.Equal(("PermShell.Policy.InvalidPattern", 3), (invalid[0].ErrorId, invalid[0].Location.Line));
    }
}
