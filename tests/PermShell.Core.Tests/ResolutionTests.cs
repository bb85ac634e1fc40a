namespace PermShell.Core.Tests;

/// <summary>SPEC §1 "Effective permissions" on small hand-made states.</summary>
public class ResolutionTests
{
    private static StateBuilder Catalog() =>
        new StateBuilder().Permission("WIKI_VIEW").Permission("WIKI_ADMIN", "WIKI_VIEW").Permission("TICKET_VIEW");

    [Fact]
    public void Direct_grant_gives_a_direct_route()
    {
        var snapshot = Catalog().User("bob").Grant("bob", "WIKI_VIEW").Snapshot();

        Assert.True(snapshot.Check("bob", "WIKI_VIEW"));
        var route = Assert.Single(snapshot.Explain("bob", "WIKI_VIEW"));
        Assert.Equal(("bob", "WIKI_VIEW", RouteKind.Direct, "", "bob : WIKI_VIEW", "WIKI_VIEW"),
            (route.Subject, route.Permission, route.Kind, route.Via, route.Path, route.Granted));
        Assert.Empty(route.Groups);
        Assert.Null(route.Source);
        Assert.False(snapshot.Check("bob", "TICKET_VIEW"));
        Assert.Empty(snapshot.Explain("bob", "TICKET_VIEW"));
    }

    [Fact]
    public void Inactive_user_holds_nothing()
    {
        var snapshot = Catalog().User("bob", active: false).Group("dev", "bob")
            .Grant("bob", "WIKI_ADMIN").Grant("dev", "TICKET_VIEW").Grant("anonymous", "WIKI_VIEW").Snapshot();

        Assert.False(snapshot.Check("bob", "WIKI_ADMIN"));
        Assert.False(snapshot.Check("bob", "WIKI_VIEW"));
        Assert.False(snapshot.Check("bob", "TICKET_VIEW"));
        Assert.Empty(snapshot.Explain("bob", "WIKI_ADMIN"));
        Assert.Empty(snapshot.Effective("bob"));
    }

    [Fact]
    public void Inactive_superuser_holds_nothing()
    {
        var snapshot = Catalog().User("alice", active: false, superuser: true).Snapshot();

        Assert.False(snapshot.Check("alice", "WIKI_VIEW"));
        Assert.Empty(snapshot.Explain("alice", "WIKI_VIEW"));
        Assert.Empty(snapshot.Effective("alice"));
    }

    [Fact]
    public void Active_superuser_holds_every_permission_besides_its_other_routes()
    {
        var snapshot = Catalog().User("alice", superuser: true).Grant("alice", "WIKI_VIEW").Snapshot();

        Assert.All(snapshot.State.Permissions.Keys, name => Assert.True(snapshot.Check("alice", name)));
        var routes = snapshot.Explain("alice", "WIKI_VIEW");
        Assert.Equal([RouteKind.Superuser, RouteKind.Direct], routes.Select(r => r.Kind));
        Assert.Equal(("", "alice (superuser) : WIKI_VIEW", "WIKI_VIEW"), (routes[0].Via, routes[0].Path, routes[0].Granted));
        var ungranted = Assert.Single(snapshot.Explain("alice", "TICKET_VIEW"));
        Assert.Equal(RouteKind.Superuser, ungranted.Kind);
        Assert.Equal(3, snapshot.Effective("alice").Count);
    }

    [Fact]
    public void Nested_group_route_carries_the_chain_of_groups()
    {
        var snapshot = Catalog().User("bob").Group("developer", "bob").Group("staff", "developer")
            .Grant("staff", "WIKI_ADMIN").Snapshot();

        var route = Assert.Single(snapshot.Explain("bob", "WIKI_ADMIN"));
        Assert.Equal((RouteKind.Group, "staff", "bob > developer > staff : WIKI_ADMIN"), (route.Kind, route.Via, route.Path));
        Assert.Equal(["developer", "staff"], route.Groups);
        var implied = Assert.Single(snapshot.Explain("bob", "WIKI_VIEW"));
        Assert.Equal((RouteKind.Implied, "WIKI_ADMIN", "bob > developer > staff : WIKI_ADMIN => WIKI_VIEW"), (implied.Kind, implied.Via, implied.Path));
        Assert.Equal(["developer", "staff"], implied.Groups);
        Assert.Equal(route.Path, implied.Source!.Path);
    }

    [Fact]
    public void Group_route_takes_the_shortest_membership_chain()
    {
        var snapshot = Catalog().User("bob")
            .Group("a", "bob").Group("b", "a").Group("staff", "b")
            .Group("z", "bob").Group("staff", "z")
            .Grant("staff", "WIKI_VIEW").Snapshot();

        Assert.Equal("bob > z > staff : WIKI_VIEW", Assert.Single(snapshot.Explain("bob", "WIKI_VIEW")).Path);
    }

    [Fact]
    public void Equally_short_membership_chains_are_broken_by_ordinal_name()
    {
        var snapshot = Catalog().User("bob")
            .Group("m", "bob").Group("k", "bob").Group("K", "bob").Group("staff", "m", "k", "K")
            .Grant("staff", "WIKI_VIEW").Snapshot();

        Assert.Equal("bob > K > staff : WIKI_VIEW", Assert.Single(snapshot.Explain("bob", "WIKI_VIEW")).Path);
    }

    [Fact]
    public void Equally_short_membership_chains_prefer_the_smaller_name_nearest_the_grant()
    {
        // p < q, but staff's candidates one step down are y (above q) and z (above p): y wins.
        var snapshot = Catalog().User("bob")
            .Group("p", "bob").Group("q", "bob").Group("z", "p").Group("y", "q").Group("staff", "y", "z")
            .Grant("staff", "WIKI_VIEW").Snapshot();

        Assert.Equal("bob > q > y > staff : WIKI_VIEW", Assert.Single(snapshot.Explain("bob", "WIKI_VIEW")).Path);
    }

    [Fact]
    public void Each_group_holding_the_grant_gives_its_own_route()
    {
        var snapshot = Catalog().User("bob").Group("dev", "bob").Group("staff", "dev")
            .Grant("bob", "WIKI_VIEW").Grant("dev", "WIKI_VIEW").Grant("staff", "WIKI_VIEW").Snapshot();

        Assert.Equal(["bob : WIKI_VIEW", "bob > dev : WIKI_VIEW", "bob > dev > staff : WIKI_VIEW"],
            snapshot.Explain("bob", "WIKI_VIEW").Select(r => r.Path));
    }

    [Fact]
    public void Group_names_differing_by_case_are_different_groups()
    {
        var snapshot = Catalog().User("bob").Group("Dev", "bob").Group("dev")
            .Grant("Dev", "WIKI_VIEW").Grant("dev", "TICKET_VIEW").Snapshot();

        Assert.True(snapshot.Check("bob", "WIKI_VIEW"));
        Assert.False(snapshot.Check("bob", "TICKET_VIEW"));
        Assert.Equal(["Dev"], snapshot.GroupsOf("bob"));
        Assert.False(snapshot.Check("Bob", "WIKI_VIEW"));
    }

    [Fact]
    public void Authenticated_in_a_group_gives_every_user_that_group_but_not_anonymous()
    {
        var snapshot = Catalog().User("bob").Group("developer", "authenticated").Grant("developer", "WIKI_ADMIN").Snapshot();

        var route = snapshot.Explain("bob", "WIKI_ADMIN").Single();
        Assert.Equal((RouteKind.Group, "developer", "bob > authenticated > developer : WIKI_ADMIN"), (route.Kind, route.Via, route.Path));
        Assert.Equal(["authenticated", "developer"], route.Groups);
        Assert.Equal("authenticated > developer : WIKI_ADMIN", snapshot.Explain("authenticated", "WIKI_ADMIN").Single().Path);
        Assert.False(snapshot.Check("anonymous", "WIKI_ADMIN"));
        Assert.Equal(["developer"], snapshot.GroupsOf("bob"));
    }

    [Fact]
    public void Anonymous_in_a_group_gives_everyone_that_group()
    {
        var snapshot = Catalog().User("bob").Group("readers", "anonymous").Grant("readers", "WIKI_VIEW").Snapshot();

        Assert.Equal("anonymous > readers : WIKI_VIEW", snapshot.Explain("anonymous", "WIKI_VIEW").Single().Path);
        Assert.Equal("authenticated > anonymous > readers : WIKI_VIEW", snapshot.Explain("authenticated", "WIKI_VIEW").Single().Path);
        Assert.Equal("bob > anonymous > readers : WIKI_VIEW", snapshot.Explain("bob", "WIKI_VIEW").Single().Path);
    }

    [Fact]
    public void Group_as_subject_holds_what_its_members_get_from_it_and_not_the_virtual_grants()
    {
        var snapshot = Catalog().Group("developer").Group("staff", "developer")
            .Grant("developer", "TICKET_VIEW").Grant("staff", "WIKI_ADMIN")
            .Grant("anonymous", "WIKI_VIEW").Grant("authenticated", "WIKI_VIEW").Snapshot();

        Assert.Equal((RouteKind.Direct, "developer : TICKET_VIEW"),
            snapshot.Explain("developer", "TICKET_VIEW").Select(r => (r.Kind, r.Path)).Single());
        Assert.Equal((RouteKind.Group, "developer > staff : WIKI_ADMIN"),
            snapshot.Explain("developer", "WIKI_ADMIN").Select(r => (r.Kind, r.Path)).Single());
        Assert.Equal(["developer > staff : WIKI_ADMIN => WIKI_VIEW"], snapshot.Explain("developer", "WIKI_VIEW").Select(r => r.Path));
        Assert.False(snapshot.Check("staff", "TICKET_VIEW"));
    }

    [Fact]
    public void Unknown_subject_or_permission_holds_nothing()
    {
        var snapshot = Catalog().User("bob").Grant("bob", "WIKI_VIEW").Grant("ghost", "WIKI_VIEW").Grant("bob", "NOT_A_PERM").Snapshot();

        Assert.False(snapshot.Check("ghost", "WIKI_VIEW"));
        Assert.Empty(snapshot.Explain("ghost", "WIKI_VIEW"));
        Assert.Empty(snapshot.Effective("ghost"));
        Assert.False(snapshot.Check("bob", "NOT_A_PERM"));
        Assert.Empty(snapshot.Explain("bob", "NOT_A_PERM"));
        Assert.Equal(["WIKI_VIEW"], snapshot.Effective("bob").Select(e => e.Permission));
        Assert.Empty(snapshot.ExpandImplication("NOT_A_PERM"));
    }

    [Fact]
    public void Implication_cycles_give_both_permissions_and_terminate()
    {
        var snapshot = new StateBuilder().Permission("A", "B").Permission("B", "A").User("bob").Grant("bob", "A").Snapshot();

        Assert.True(snapshot.Check("bob", "B"));
        Assert.Equal(["bob : A => B"], snapshot.Explain("bob", "B").Select(r => r.Path));
        Assert.Equal(["bob : A"], snapshot.Explain("bob", "A").Select(r => r.Path));
        Assert.Equal(["B"], snapshot.ExpandImplication("A"));
        Assert.Equal(["A"], snapshot.ExpandImplication("B"));
    }

    [Fact]
    public void A_permission_never_implies_itself()
    {
        var snapshot = new StateBuilder().Permission("ALL", "*", "ALL").Permission("X").Snapshot();

        Assert.Equal(["X"], snapshot.ExpandImplication("ALL"));
    }

    [Fact]
    public void Wildcard_patterns_imply_the_matching_catalog_permissions()
    {
        var snapshot = new StateBuilder()
            .Permission("T_ADMIN", "T_*").Permission("T_VIEW").Permission("T_EDIT").Permission("TX_VIEW").Permission("t_view")
            .Permission("W_ANY", "W_?", "MISSING").Permission("W_A").Permission("W_AB")
            .Snapshot();

        Assert.Equal(["T_EDIT", "T_VIEW"], snapshot.ExpandImplication("T_ADMIN"));
        Assert.Equal(["W_A"], snapshot.ExpandImplication("W_ANY"));
    }

    [Fact]
    public void Implied_route_follows_the_shortest_chain_with_ordinal_ties()
    {
        var snapshot = new StateBuilder()
            .Permission("TOP", "MID_B", "MID_A", "LONG").Permission("MID_A", "LEAF").Permission("MID_B", "LEAF")
            .Permission("LONG", "LONGER").Permission("LONGER", "LEAF").Permission("LEAF")
            .User("bob").Grant("bob", "TOP").Snapshot();

        Assert.Equal(["bob : TOP => MID_A => LEAF"], snapshot.Explain("bob", "LEAF").Select(r => r.Path));
    }

    [Fact]
    public void Routes_are_ordered_by_kind_then_path()
    {
        var snapshot = new StateBuilder().Permission("P").Permission("Q", "P").User("alice", superuser: true)
            .Group("dev", "alice").Group("Ops", "alice")
            .Grant("alice", "P").Grant("dev", "P", "Q").Grant("Ops", "P").Grant("anonymous", "P").Grant("authenticated", "P", "Q")
            .Snapshot();

        Assert.Equal(
            [
                "alice (superuser) : P",
                "alice : P",
                "alice > anonymous : P",
                "alice > authenticated : P",
                "alice > Ops : P",
                "alice > dev : P",
                "alice > authenticated : Q => P",
                "alice > dev : Q => P",
            ],
            snapshot.Explain("alice", "P").Select(r => r.Path));
        Assert.Equal(
            [RouteKind.Superuser, RouteKind.Direct, RouteKind.Anonymous, RouteKind.Authenticated, RouteKind.Group, RouteKind.Group, RouteKind.Implied, RouteKind.Implied],
            snapshot.Explain("alice", "P").Select(r => r.Kind));
    }

    [Fact]
    public void Effective_lists_permissions_in_ordinal_order_with_all_their_routes()
    {
        var snapshot = new StateBuilder().Permission("b").Permission("B", "b").Permission("a").User("bob")
            .Grant("bob", "B", "b", "a").Snapshot();

        var effective = snapshot.Effective("bob");
        Assert.Equal(["B", "a", "b"], effective.Select(e => e.Permission));
        Assert.All(effective, e => Assert.Equal("bob", e.Subject));
        Assert.Equal(["bob : b", "bob : B => b"], effective[2].Routes.Select(r => r.Path));
        Assert.Equal(snapshot.Explain("bob", "b").Select(r => r.Path), effective[2].Routes.Select(r => r.Path));
    }

    [Fact]
    public void Snapshot_exposes_the_state_it_was_built_from()
    {
        var builder = Catalog().User("bob").Grant("bob", "WIKI_VIEW");
        var snapshot = builder.Snapshot();

        Assert.Same(builder.State, snapshot.State);
        Assert.True(snapshot.Check("bob", "WIKI_VIEW"));
    }
}
