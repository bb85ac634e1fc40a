using PermShell.Core.Engine;

namespace PermShell.Core.Tests.Audit;

public class AuditTests
{
    private const string AuditPermissions = "permissions_tool.audit_permissions";

    /// <summary>Alliance Auth's own test (permissions_tool/tests.py): one direct user plus a three-member group.</summary>
    private static StateBuilder AllianceAuthCase() => new StateBuilder()
        .Permission(AuditPermissions).Permission("auth.change_user")
        .User("auth_member").User("none_user").User("none_user2").User("none_user3").User("no_perm_user")
        .Group("No Permission Group")
        .Group("Test group", "none_user", "none_user2", "none_user3")
        .Grant("Test group", AuditPermissions)
        .Grant("auth_member", AuditPermissions);

    [Fact]
    public void Alliance_Auth_case_counts_one_user_one_group_three_group_users()
    {
        var summary = AllianceAuthCase().Snapshot().Audit.Summary(AuditPermissions)!;

        Assert.Equal((1, 1, 3, 4), (summary.Users, summary.Groups, summary.GroupUsers, summary.EffectiveUsers));
        Assert.False(summary.Anonymous);
        Assert.False(summary.Authenticated);
    }

    [Fact]
    public void Alliance_Auth_case_audit_lists_every_holder_once_per_route_and_not_the_others()
    {
        var rows = AllianceAuthCase().Snapshot().Audit.Holders(AuditPermissions).ToList();

        Assert.Equal(new[]
        {
            ("auth_member", RouteKind.Direct, "", "auth_member : permissions_tool.audit_permissions"),
            ("none_user", RouteKind.Group, "Test group", "none_user > Test group : permissions_tool.audit_permissions"),
            ("none_user2", RouteKind.Group, "Test group", "none_user2 > Test group : permissions_tool.audit_permissions"),
            ("none_user3", RouteKind.Group, "Test group", "none_user3 > Test group : permissions_tool.audit_permissions"),
        }, rows.Select(r => (r.User, r.Route, r.Via, r.Path)));
    }

    [Fact]
    public void Overview_leaves_out_what_nobody_holds_unless_all()
    {
        var audit = AllianceAuthCase().Snapshot().Audit;

        Assert.Equal(new[] { AuditPermissions }, audit.Overview().Select(s => s.Permission));
        Assert.Equal(new[] { "auth.change_user", AuditPermissions }, audit.Overview(all: true).Select(s => s.Permission));
    }

    [Fact]
    public void A_grant_to_an_inactive_user_is_shown_but_holds_nothing()
    {
        var audit = new StateBuilder().Permission("WIKI_VIEW").User("mallory", active: false).Grant("mallory", "WIKI_VIEW").Snapshot().Audit;

        var summary = Assert.Single(audit.Overview());
        Assert.Equal((1, 0), (summary.Users, summary.EffectiveUsers));
        Assert.Empty(audit.Holders("WIKI_VIEW"));
        Assert.Empty(audit.RoutesOf("mallory"));
    }

    [Fact]
    public void Group_users_counts_nested_and_inactive_members_once()
    {
        var audit = new StateBuilder().Permission("TICKET_VIEW")
            .User("bob").User("carol").User("mallory", active: false)
            .Group("staff", "developer", "bob").Group("developer", "bob", "carol", "mallory")
            .Grant("staff", "TICKET_VIEW").Grant("developer", "TICKET_VIEW")
            .Snapshot().Audit;

        var summary = audit.Summary("TICKET_VIEW")!;
        Assert.Equal((0, 2, 3, 2), (summary.Users, summary.Groups, summary.GroupUsers, summary.EffectiveUsers));
    }

    [Fact]
    public void Rows_explain_nested_groups_and_implication_with_the_whole_path()
    {
        var audit = new StateBuilder().Permission("TICKET_VIEW").Permission("TICKET_ADMIN", "TICKET_*")
            .User("bob").Group("developer", "bob").Group("staff", "developer").Grant("staff", "TICKET_ADMIN")
            .Snapshot().Audit;

        var row = Assert.Single(audit.Holders("TICKET_VIEW"));
        Assert.Equal((RouteKind.Implied, "TICKET_ADMIN", "bob > developer > staff : TICKET_ADMIN => TICKET_VIEW"), (row.Route, row.Via, row.Path));
        var summary = audit.Summary("TICKET_VIEW")!;
        // Groups counts direct grants only: staff was granted TICKET_ADMIN, not TICKET_VIEW.
        Assert.Equal((0, 0, 0, 1), (summary.Users, summary.Groups, summary.GroupUsers, summary.EffectiveUsers));
    }

    [Fact]
    public void An_active_superuser_holds_everything_first_as_superuser_and_an_inactive_one_nothing()
    {
        var audit = new StateBuilder().Permission("WIKI_VIEW").Permission("WIKI_ADMIN")
            .User("root", superuser: true).User("old", active: false, superuser: true).Grant("root", "WIKI_VIEW")
            .Snapshot().Audit;

        Assert.All(audit.Overview(), s => Assert.Equal(1, s.EffectiveUsers));
        Assert.Equal(new[] { RouteKind.Superuser, RouteKind.Direct }, audit.Holders("WIKI_VIEW").Select(r => r.Route));
        Assert.Equal(new[] { ("WIKI_ADMIN", RouteKind.Superuser), ("WIKI_VIEW", RouteKind.Superuser), ("WIKI_VIEW", RouteKind.Direct) },
            audit.RoutesOf("root").Select(r => (r.Permission, r.Route)));
        Assert.Empty(audit.RoutesOf("old"));
    }

    [Fact]
    public void Anonymous_grants_reach_every_active_user_and_are_flagged()
    {
        var audit = new StateBuilder().Permission("WIKI_VIEW").Permission("TICKET_CREATE")
            .User("bob").User("carol").User("mallory", active: false)
            .Grant("anonymous", "WIKI_VIEW").Grant("authenticated", "TICKET_CREATE")
            .Snapshot().Audit;

        var wiki = audit.Summary("WIKI_VIEW")!;
        var ticket = audit.Summary("TICKET_CREATE")!;
        Assert.Equal((0, 0, 0, 2, true, true), (wiki.Users, wiki.Groups, wiki.GroupUsers, wiki.EffectiveUsers, wiki.Anonymous, wiki.Authenticated));
        Assert.Equal((2, false, true), (ticket.EffectiveUsers, ticket.Anonymous, ticket.Authenticated));
        Assert.Equal(new[] { ("bob", "bob > anonymous : WIKI_VIEW"), ("carol", "carol > anonymous : WIKI_VIEW") },
            audit.Holders("WIKI_VIEW").Select(r => (r.User, r.Path)));
    }

    [Fact]
    public void A_grant_to_anonymous_is_shown_even_without_users()
    {
        var audit = new StateBuilder().Permission("WIKI_VIEW").Permission("WIKI_ADMIN").Grant("anonymous", "WIKI_VIEW").Snapshot().Audit;

        Assert.Equal(new[] { "WIKI_VIEW" }, audit.Overview().Select(s => s.Permission));
    }

    [Fact]
    public void Unknown_names_give_nothing()
    {
        var audit = AllianceAuthCase().Snapshot().Audit;

        Assert.Null(audit.Summary("NOT_A_PERMISSION"));
        Assert.Empty(audit.Holders("NOT_A_PERMISSION"));
        Assert.Empty(audit.RoutesOf("nobody"));
        Assert.Empty(audit.RoutesOf("Test group"));
    }

    [Fact]
    public void The_audit_is_computed_once_per_snapshot()
    {
        var snapshot = AllianceAuthCase().Snapshot();

        Assert.Same(snapshot.Audit, snapshot.Audit);
        Assert.Same(snapshot.Audit.Overview(all: true), snapshot.Audit.Overview(all: true));
    }
}
