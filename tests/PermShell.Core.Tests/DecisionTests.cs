using PermShell.Core.Administration;
using PermShell.Core.Engine;

namespace PermShell.Core.Tests;

/// <summary>
/// A check's decision (STYLE "Answers that explain themselves"): allowed with its routes, or denied with typed
/// reasons whose text is written once, in <see cref="DenialReason.Text"/>.
/// </summary>
public class DecisionTests
{
    private static StateBuilder Catalog() =>
        new StateBuilder().Permission("WIKI_VIEW").Permission("WIKI_ADMIN", "WIKI_VIEW").Permission("TICKET_VIEW");

    [Fact]
    public void Allowed_decision_carries_the_routes_and_no_reason()
    {
        var snapshot = Catalog().User("bob").Group("dev", "bob").Grant("dev", "WIKI_ADMIN").Snapshot();

        var decision = snapshot.Decide("bob", "WIKI_VIEW");

        Assert.True(decision.Allowed);
        Assert.Equal(("bob", "WIKI_VIEW"), (decision.Subject, decision.Permission));
        Assert.Empty(decision.Reasons);
        var route = Assert.Single(decision.Routes);
        Assert.Equal((RouteKind.Implied, "bob > dev : WIKI_ADMIN => WIKI_VIEW"), (route.Kind, route.Path));
        Assert.Equal("bob holds WIKI_VIEW: bob > dev : WIKI_ADMIN => WIKI_VIEW.", decision.Summary);
    }

    [Fact]
    public void Superuser_is_allowed_by_the_superuser_route()
    {
        var decision = Catalog().User("root", superuser: true).Snapshot().Decide("root", "TICKET_VIEW");

        Assert.True(decision.Allowed);
        Assert.Equal(RouteKind.Superuser, Assert.Single(decision.Routes).Kind);
    }

    [Fact]
    public void Inactive_user_is_denied_because_inactive_even_with_grants()
    {
        var snapshot = Catalog().User("mallory", active: false).Grant("mallory", "WIKI_VIEW").Grant("anonymous", "WIKI_VIEW").Snapshot();

        var decision = snapshot.Decide("mallory", "WIKI_VIEW");

        Assert.False(decision.Allowed);
        Assert.Empty(decision.Routes);
        Assert.Equal(new DenialReason.InactiveUser("mallory"), Assert.Single(decision.Reasons));
        Assert.Equal("mallory does not hold WIKI_VIEW: mallory is inactive, and an inactive user holds nothing.", decision.Summary);
    }

    [Fact]
    public void Inactive_superuser_is_denied_because_inactive()
    {
        var decision = Catalog().User("alice", active: false, superuser: true).Snapshot().Decide("alice", "WIKI_VIEW");

        Assert.IsType<DenialReason.InactiveUser>(Assert.Single(decision.Reasons));
    }

    [Fact]
    public void User_without_a_route_is_denied_with_no_route()
    {
        var snapshot = Catalog().User("dave").Group("dev", "dave").Grant("dev", "TICKET_VIEW").Snapshot();

        var decision = snapshot.Decide("dave", "WIKI_ADMIN");

        Assert.Equal(new DenialReason.NoRoute("dave", SubjectKind.User, "WIKI_ADMIN"), Assert.Single(decision.Reasons));
        Assert.Equal("dave does not hold WIKI_ADMIN: no grant to dave, its groups, anonymous or authenticated gives or implies it.", decision.Summary);
    }

    [Theory]
    [InlineData("dev", "no grant to dev or its groups gives or implies it.")]
    [InlineData("anonymous", "no grant to anonymous or its groups gives or implies it.")]
    [InlineData("authenticated", "no grant to authenticated, its groups or anonymous gives or implies it.")]
    public void No_route_names_only_whose_grants_the_subject_receives(string subject, string text)
    {
        // None receives its members' grants (bob's); a group receives neither anonymous's nor authenticated's,
        // anonymous only its own and its groups', authenticated also anonymous's.
        var snapshot = Catalog().User("bob").Group("dev", "bob").Grant("bob", "WIKI_ADMIN").Snapshot();

        var reason = Assert.Single(snapshot.Decide(subject, "WIKI_ADMIN").Reasons);

        Assert.Equal(text, reason.Text);
    }

    [Fact]
    public void Anonymous_holds_only_what_is_granted_to_anonymous()
    {
        var snapshot = Catalog().User("bob").Grant("authenticated", "WIKI_VIEW").Grant("anonymous", "TICKET_VIEW").Snapshot();

        Assert.False(snapshot.Decide("anonymous", "WIKI_VIEW").Allowed);
        Assert.Equal(RouteKind.Anonymous, Assert.Single(snapshot.Decide("anonymous", "TICKET_VIEW").Routes).Kind);
    }

    [Fact]
    public void Unknown_subject_is_denied_with_the_closest_user_and_group_names()
    {
        var snapshot = Catalog().User("bob").User("rob").Group("bobs").Snapshot();

        var decision = snapshot.Decide("Bob", "WIKI_VIEW");

        var reason = Assert.IsType<DenialReason.UnknownSubject>(Assert.Single(decision.Reasons));
        Assert.Equal("Bob", reason.Name);
        Assert.Equal(["bob", "bobs", "rob"], reason.ClosestNames);
        Assert.Equal("There is no user or group named 'Bob'. Did you mean bob, bobs, rob?", reason.Text);
        Assert.Empty(decision.Routes);
    }

    [Fact]
    public void Unknown_permission_is_denied_with_the_closest_catalog_names()
    {
        var decision = Catalog().User("bob").Snapshot().Decide("bob", "wiki_view");

        var reason = Assert.IsType<DenialReason.UnknownPermission>(Assert.Single(decision.Reasons));
        Assert.Equal(["WIKI_VIEW"], reason.ClosestNames);
        Assert.Equal("There is no permission named 'wiki_view'. Did you mean WIKI_VIEW?", reason.Text);
    }

    [Fact]
    public void Both_names_unknown_gives_both_reasons_subject_first_and_nothing_else()
    {
        var decision = Catalog().User("bob", active: false).Snapshot().Decide("ghost", "NOPE");

        Assert.Collection(decision.Reasons,
            r => Assert.Equal("ghost", Assert.IsType<DenialReason.UnknownSubject>(r).Name),
            r => Assert.Equal("NOPE", Assert.IsType<DenialReason.UnknownPermission>(r).Name));
        Assert.Equal(2, decision.UnknownNames.Count());
    }

    [Fact]
    public void A_known_inactive_user_asked_about_an_unknown_permission_is_denied_for_the_name_only()
    {
        var decision = Catalog().User("mallory", active: false).Snapshot().Decide("mallory", "NOPE");

        Assert.IsType<DenialReason.UnknownPermission>(Assert.Single(decision.Reasons));
    }

    [Theory]
    [InlineData("Bob", "WIKI_VIEW", "PermShell.Subject.NotFound", "There is no user or group named 'Bob'. Did you mean bob?")]
    [InlineData("bob", "wiki_view", "PermShell.Permission.NotFound", "There is no permission named 'wiki_view'. Did you mean WIKI_VIEW?")]
    public void An_unknown_name_is_the_same_error_as_the_name_checks_raise(string subject, string permission, string id, string message)
    {
        var state = Catalog().User("bob").State;
        var unknown = Assert.Single(new PermissionSnapshot(state).Decide(subject, permission).UnknownNames);

        var error = unknown.ToException();

        Assert.Equal((id, ProblemKind.ObjectNotFound, message, (object)unknown.Name), (error.ErrorId, error.Kind, error.Message, error.Target!));
        var raised = Assert.Throws<PermShellException>(() =>
        {
            SubjectChecks.RequireSubject(state, subject);
            SubjectChecks.RequirePermission(state, permission);
        });
        Assert.Equal((error.ErrorId, error.Message), (raised.ErrorId, raised.Message));
    }

    [Fact]
    public void Explain_is_the_decisions_routes()
    {
        var snapshot = Catalog().User("bob").Grant("bob", "WIKI_ADMIN").Grant("anonymous", "WIKI_VIEW").Snapshot();

        Assert.Equal(snapshot.Decide("bob", "WIKI_VIEW").Routes.Select(r => r.Path), snapshot.Explain("bob", "WIKI_VIEW").Select(r => r.Path));
    }

    [Fact]
    public void Nothing_to_revoke_reasons_read_the_decision_and_the_membership_chain()
    {
        var snapshot = Catalog().User("bob").User("carol").Group("developer", "bob").Group("staff", "developer")
            .Grant("developer", "WIKI_ADMIN").Snapshot();

        Assert.Equal("bob holds WIKI_VIEW through a meta-permission or group (bob > developer : WIKI_ADMIN => WIKI_VIEW); it has not been granted directly, so nothing was revoked.",
            DenialReason.NotGrantedDirectly.From(snapshot.Decide("bob", "WIKI_VIEW")).Text);
        Assert.Equal("carol has not been granted WIKI_VIEW.", DenialReason.NotGrantedDirectly.From(snapshot.Decide("carol", "WIKI_VIEW")).Text);
        Assert.Equal("bob is in staff through another group (bob > developer > staff), not directly; remove that membership instead.",
            DenialReason.NotDirectMember.In(snapshot.State, "bob", "staff").Text);
        Assert.Equal("carol is not in staff.", DenialReason.NotDirectMember.In(snapshot.State, "carol", "staff").Text);
        Assert.Equal("Nobody has been granted WIKI_VIEW directly.", new DenialReason.NothingGranted(null, "WIKI_VIEW").Text);
        Assert.Equal("carol has no grants or memberships to revoke.", new DenialReason.NothingGranted("carol", null).Text);
        Assert.Equal("Nothing is granted to anyone.", new DenialReason.NothingGranted(null, null).Text);
    }
}
