using PermShell.Core.Manifest;
using static PermShell.Core.Tests.Manifest.ManifestFolder;

namespace PermShell.Core.Tests.Manifest;

public sealed class ManifestValidationTests : IDisposable
{
    private readonly ManifestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>The store of AdministrationFixture, in memory: a small Trac-like catalog, three users, two groups.</summary>
    private static PermissionState Store() => new StateBuilder()
        .Permission("WIKI_VIEW").Permission("WIKI_MODIFY").Permission("WIKI_ADMIN", "WIKI_*").Permission("TICKET_VIEW")
        .User("bob").User("alice").User("carol")
        .Group("developer").Group("staff", "developer")
        .State;

    private (string Path, IReadOnlyList<ManifestProblem> Problems) Check(string yaml, PermissionState? store, ManifestMode mode)
    {
        var path = _folder.Write($"m{Guid.NewGuid():N}.yaml", yaml);
        var document = ManifestLoader.Load(path);
        return (path, store is null ? ManifestValidator.Check(document, mode) : ManifestValidator.Check(document, store, mode));
    }

    [Fact]
    public void Unknown_permission_is_refused_with_the_closest_suggested()
    {
        var (path, problems) = Check("""
            version: 1
            users:
              - name: bob
                grants: [WIKI_VIEW, WIKI_VEIW]
            """, Store(), ManifestMode.Merge);

        var problem = Assert.Single(problems);
        AssertProblem(problem, path, 4, 25, "PermShell.Grant.UnknownPermission");
        Assert.Equal("WIKI_VEIW is not a valid permission. Did you mean WIKI_VIEW?", problem.Message);
    }

    [Fact]
    public void Sync_with_a_catalog_counts_only_the_manifests_permissions()
    {
        const string yaml = """
            version: 1
            permissions:
              - name: WIKI_VIEW
            users:
              - name: bob
                grants: [TICKET_VIEW]
            """;

        Assert.Empty(Check(yaml, Store(), ManifestMode.Merge).Problems);
        var (path, problems) = Check(yaml, Store(), ManifestMode.Sync);
        AssertProblem(Assert.Single(problems), path, 6, 14, "PermShell.Grant.UnknownPermission");
    }

    [Fact]
    public void Without_a_store_references_are_checked_only_where_sync_makes_the_manifest_complete()
    {
        const string yaml = """
            version: 1
            permissions:
              - name: WIKI_VIEW
            users:
              - name: bob
                grants: [WIKI_VEIW]
            """;

        Assert.Empty(Check(yaml, null, ManifestMode.Merge).Problems);
        var (path, problems) = Check(yaml, null, ManifestMode.Sync);
        var problem = Assert.Single(problems);
        AssertProblem(problem, path, 6, 14, "PermShell.Grant.UnknownPermission");
        Assert.Contains("Did you mean WIKI_VIEW?", problem.Message);
    }

    [Fact]
    public void Upper_case_user_name_is_refused()
    {
        var (path, problems) = Check("version: 1\nusers:\n  - name: JOE\n", null, ManifestMode.Merge);

        var problem = Assert.Single(problems);
        AssertProblem(problem, path, 3, 11, "PermShell.Name.UpperCase");
        Assert.Contains("'Joe'", problem.Message);
    }

    [Fact]
    public void User_name_differing_by_case_from_a_manifest_permission_is_refused()
    {
        var (path, problems) = Check("""
            version: 1
            permissions:
              - name: WIKI_VIEW
            users:
              - name: wiki_view
            """, null, ManifestMode.Merge);

        var problem = Assert.Single(problems);
        AssertProblem(problem, path, 5, 11, "PermShell.Name.DiffersByCase");
        Assert.Equal("'wiki_view' differs from a defined permission (WIKI_VIEW) by case only.", problem.Message);
    }

    [Fact]
    public void Subject_named_like_a_permission_is_refused()
    {
        var (path, problems) = Check("""
            version: 1
            permissions:
              - name: deploy
            groups:
              - name: deploy
            """, null, ManifestMode.Merge);

        AssertProblem(Assert.Single(problems), path, 5, 11, "PermShell.Name.CollidesWithPermission");
    }

    [Fact]
    public void Permission_named_like_a_store_user_is_refused()
    {
        var (path, problems) = Check("version: 1\npermissions:\n  - name: bob\n", Store(), ManifestMode.Merge);

        AssertProblem(Assert.Single(problems), path, 3, 11, "PermShell.Name.CollidesWithSubject");
    }

    [Fact]
    public void Same_name_as_user_and_group_is_refused()
    {
        var (path, problems) = Check("version: 1\nusers:\n  - name: ops\ngroups:\n  - name: ops\n", null, ManifestMode.Merge);

        var problem = Assert.Single(problems);
        AssertProblem(problem, path, 5, 11, "PermShell.Manifest.DuplicateName");
        Assert.Contains($"{path}:3:11", problem.Message);
    }

    [Fact]
    public void Reserved_name_as_a_user_is_refused()
    {
        var (path, problems) = Check("version: 1\nusers:\n  - name: anonymous\n", null, ManifestMode.Merge);

        AssertProblem(Assert.Single(problems), path, 3, 11, "PermShell.Name.Reserved");
    }

    [Fact]
    public void Group_over_a_store_user_conflicts_unless_sync_removes_the_user()
    {
        const string yaml = "version: 1\nusers:\n  - name: alice\ngroups:\n  - name: bob\n";

        var (path, problems) = Check(yaml, Store(), ManifestMode.Merge);
        AssertProblem(Assert.Single(problems), path, 5, 11, "PermShell.User.Exists");
        Assert.Empty(Check(yaml, Store(), ManifestMode.Sync).Problems);
    }

    [Fact]
    public void Group_name_in_grants_explains_membership()
    {
        var (path, problems) = Check("version: 1\nusers:\n  - name: bob\n    grants: [developer]\n", Store(), ManifestMode.Merge);

        var problem = Assert.Single(problems);
        AssertProblem(problem, path, 4, 14, "PermShell.Grant.UnknownPermission");
        Assert.Equal("'developer' is a group, not a permission: to put bob in it, make bob a member of developer.", problem.Message);
    }

    [Fact]
    public void Membership_cycle_is_refused_with_the_cycle_shown()
    {
        var (path, problems) = Check("""
            version: 1
            groups:
              - name: a
                members: [b]
              - name: b
                members: [c]
              - name: c
                members: [a]
            """, null, ManifestMode.Merge);

        var problem = Assert.Single(problems);
        // Reported at the membership that closes the cycle in plan order, as a cmdlet adding them in that order would.
        AssertProblem(problem, path, 8, 15, "PermShell.Group.MembershipCycle");
        Assert.Equal("'a' as a member of 'c' closes a membership cycle: a > c > b > a.", problem.Message);
    }

    [Fact]
    public void Membership_cycle_through_the_store_is_refused_in_merge_but_not_when_sync_replaces_it()
    {
        const string yaml = """
            version: 1
            groups:
              - name: developer
                members: [staff]
              - name: staff
            """;

        var (path, problems) = Check(yaml, Store(), ManifestMode.Merge);
        var problem = Assert.Single(problems);
        AssertProblem(problem, path, 4, 15, "PermShell.Group.MembershipCycle");
        Assert.Contains("staff > developer > staff", problem.Message);
        Assert.Empty(Check(yaml, Store(), ManifestMode.Sync).Problems);
    }

    [Fact]
    public void Group_member_of_itself_is_a_cycle()
    {
        var (path, problems) = Check("version: 1\ngroups:\n  - name: a\n    members: [a]\n", null, ManifestMode.Merge);

        Assert.Contains("a > a", Assert.Single(problems).Message);
        AssertProblem(problems[0], path, 4, 15, "PermShell.Group.MembershipCycle");
    }

    [Fact]
    public void Member_from_the_store_is_fine_in_merge_but_not_when_sync_lists_users_without_it()
    {
        const string yaml = """
            version: 1
            users:
              - name: bob
            groups:
              - name: developer
                members: [bob, carol]
            """;

        Assert.Empty(Check(yaml, Store(), ManifestMode.Merge).Problems);
        var (path, problems) = Check(yaml, Store(), ManifestMode.Sync);
        var problem = Assert.Single(problems);
        AssertProblem(problem, path, 6, 20, "PermShell.Subject.NotFound");
        Assert.Contains("'carol'", problem.Message);
    }

    [Fact]
    public void Unknown_member_gets_the_closest_subject_suggested()
    {
        var (path, problems) = Check("version: 1\ngroups:\n  - name: developer\n    members: [bobb, anonymous]\n", Store(), ManifestMode.Merge);

        var problem = Assert.Single(problems);
        AssertProblem(problem, path, 4, 15, "PermShell.Subject.NotFound");
        Assert.Contains("Did you mean bob?", problem.Message);
    }

    [Fact]
    public void Implied_permission_missing_from_the_catalog_is_only_a_warning()
    {
        var (path, problems) = Check("""
            version: 1
            permissions:
              - name: WIKI_ADMIN
                implies: [WIKI_VEIW, "WIKI_*"]
            """, Store(), ManifestMode.Merge);

        var warning = Assert.Single(problems);
        AssertProblem(warning, path, 4, 15, "PermShell.Permission.UnknownImplied");
        Assert.Equal(ManifestSeverity.Warning, warning.Severity);
        ManifestValidator.ThrowIfInvalid(problems);
    }

    [Fact]
    public void Invalid_permission_name_and_pattern_are_refused()
    {
        var (path, problems) = Check("""
            version: 1
            permissions:
              - name: 9LIVES
              - name: OK
                implies: ["BAD PATTERN*"]
            """, null, ManifestMode.Merge);

        Assert.Equal(2, problems.Count);
        AssertProblem(problems[0], path, 3, 11, "PermShell.Name.Invalid");
        AssertProblem(problems[1], path, 5, 15, "PermShell.Permission.InvalidPattern");
    }

    [Fact]
    public void Every_kind_of_problem_is_reported_together_in_file_order()
    {
        var (path, problems) = Check("""
            version: 1
            users:
              - name: JOE
                grants: [NOPE]
            groups:
              - name: g
                members: [g, nobody]
            """, Store(), ManifestMode.Merge);

        Assert.Equal(
            ["PermShell.Name.UpperCase", "PermShell.Grant.UnknownPermission", "PermShell.Group.MembershipCycle", "PermShell.Subject.NotFound"],
            problems.Select(p => p.ErrorId));
        Assert.All(problems, p => Assert.Equal(path, p.Location.File));
    }

    [Fact]
    public void Twenty_thousand_broken_references_are_all_reported_and_the_message_stays_short()
    {
        var store = new PermissionState();
        foreach (var i in Enumerable.Range(0, 20_000)) store.Users[$"user{i}"] = new User { Name = $"user{i}" };
        var members = string.Join(", ", Enumerable.Range(0, 20_000).Select(i => $"user{i}"));
        var (_, problems) = Check($"version: 1\nusers: []\ngroups:\n  - name: everyone\n    members: [{members}]\n", store, ManifestMode.Sync);

        Assert.Equal(20_000, problems.Count);
        var message = new ManifestException(problems).Message;
        Assert.EndsWith("…and 19,900 more.", message);
    }

    [Fact]
    public void Reading_problems_and_validation_problems_are_reported_in_one_round()
    {
        var path = _folder.Write("m.yaml", """
            version: 1
            users:
              - name: bob
                emial: bob@example.org
                grants: [WIKI_VEIW]
            groups:
              - name: g
                members: [g]
            """);

        var e = Assert.Throws<ManifestException>(() => ManifestLoader.Load(path, null, d => ManifestValidator.Check(d, Store(), ManifestMode.Merge)));

        Assert.Equal(3, e.Problems.Count);
        AssertProblem(e.Problems[0], path, 4, 5, "PermShell.Manifest.UnknownKey");
        AssertProblem(e.Problems[1], path, 5, 14, "PermShell.Grant.UnknownPermission");
        AssertProblem(e.Problems[2], path, 8, 15, "PermShell.Group.MembershipCycle");
    }

    [Theory]
    [InlineData("version: 1\nusers:\n  - name: 12\ngroups:\n  - name: g\n    members: [bob]\n", 3, 11, "PermShell.Manifest.WrongType")]
    [InlineData("version: 1\nusrs:\n  - name: bob\ngroups:\n  - name: g\n    members: [bob]\n", 2, 1, "PermShell.Manifest.UnknownKey")]
    [InlineData("version: 1\nusers: bob\ngroups:\n  - name: g\n    members: [bob]\n", 2, 8, "PermShell.Manifest.WrongType")]
    [InlineData("version: 1\ngroups:\n  - name: g\n    members: [bob\n", 5, 1, "PermShell.Manifest.Syntax")]
    public void What_reading_left_out_is_not_validated_so_no_echo_problems_follow(string yaml, int line, int column, string errorId)
    {
        var path = _folder.Write("m.yaml", yaml);

        var e = Assert.Throws<ManifestException>(() => ManifestLoader.Load(path, null, d => ManifestValidator.Check(d, new StateBuilder().State, ManifestMode.Sync)));

        AssertProblem(Assert.Single(e.Problems), path, line, column, errorId);
    }
}
