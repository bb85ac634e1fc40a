using PermShell.Core.Engine;
using PermShell.Core.Templates;

namespace PermShell.Core.Tests;

/// <summary>Resolution on a store made from the Trac template: the defaults a new Trac environment has.</summary>
public class TracResolutionTests
{
    private static StateBuilder Trac() => new(StoreTemplate.Create(StoreTemplateKind.Trac));

    [Fact]
    public void Anonymous_holds_its_default_grants_and_nothing_for_authenticated()
    {
        var snapshot = Trac().Snapshot();

        var route = Assert.Single(snapshot.Explain("anonymous", "WIKI_VIEW"));
        Assert.Equal((RouteKind.Anonymous, "anonymous", "anonymous : WIKI_VIEW"), (route.Kind, route.Via, route.Path));
        Assert.False(snapshot.Check("anonymous", "TICKET_CREATE"));
        Assert.False(snapshot.Check("anonymous", "WIKI_ADMIN"));
        Assert.Equal(12, snapshot.Effective("anonymous").Count);
    }

    [Fact]
    public void Authenticated_holds_its_own_grants_and_everything_anonymous_has()
    {
        var snapshot = Trac().Snapshot();

        var own = Assert.Single(snapshot.Explain("authenticated", "TICKET_CREATE"));
        Assert.Equal((RouteKind.Authenticated, "authenticated", "authenticated : TICKET_CREATE"), (own.Kind, own.Via, own.Path));
        var inherited = Assert.Single(snapshot.Explain("authenticated", "WIKI_VIEW"));
        Assert.Equal((RouteKind.Anonymous, "anonymous", "authenticated > anonymous : WIKI_VIEW"), (inherited.Kind, inherited.Via, inherited.Path));
        // 12 anonymous + 4 own + TICKET_APPEND and TICKET_CHGPROP through TICKET_MODIFY.
        Assert.Equal(18, snapshot.Effective("authenticated").Count);
    }

    [Fact]
    public void Any_user_holds_the_authenticated_and_anonymous_defaults()
    {
        var snapshot = Trac().User("bob").Snapshot();

        var create = Assert.Single(snapshot.Explain("bob", "TICKET_CREATE"));
        Assert.Equal((RouteKind.Authenticated, "authenticated", "bob > authenticated : TICKET_CREATE"), (create.Kind, create.Via, create.Path));
        var view = Assert.Single(snapshot.Explain("bob", "WIKI_VIEW"));
        Assert.Equal((RouteKind.Anonymous, "anonymous", "bob > anonymous : WIKI_VIEW"), (view.Kind, view.Via, view.Path));
        Assert.False(snapshot.Check("bob", "TICKET_ADMIN"));
    }

    [Fact]
    public void Permission_implied_by_a_default_grant_names_the_implying_permission_and_its_route()
    {
        var snapshot = Trac().User("bob").Snapshot();

        var route = Assert.Single(snapshot.Explain("bob", "TICKET_APPEND"));
        Assert.Equal(RouteKind.Implied, route.Kind);
        Assert.Equal("TICKET_MODIFY", route.Via);
        Assert.Equal("TICKET_MODIFY", route.Granted);
        Assert.Equal("bob > authenticated : TICKET_MODIFY => TICKET_APPEND", route.Path);
        Assert.NotNull(route.Source);
        Assert.Equal((RouteKind.Authenticated, "TICKET_MODIFY"), (route.Source.Kind, route.Source.Permission));
    }

    [Fact]
    public void Meta_permission_chain_uses_the_shortest_implication_path()
    {
        var snapshot = Trac().User("bob").Group("developer", "bob").Grant("developer", "TICKET_ADMIN").Snapshot();

        Assert.Equal(
            ["bob > authenticated : TICKET_MODIFY => TICKET_APPEND",
             "bob > developer : TICKET_ADMIN => TICKET_MODIFY => TICKET_APPEND"],
            snapshot.Explain("bob", "TICKET_APPEND").Select(r => r.Path));
        var batch = snapshot.Explain("bob", "TICKET_BATCH_MODIFY").Single();
        Assert.Equal("bob > developer : TICKET_ADMIN => TICKET_BATCH_MODIFY", batch.Path);
        Assert.Equal(["developer"], batch.Groups);
        Assert.Equal(["TICKET_APPEND", "TICKET_CHGPROP", "TICKET_MODIFY"], snapshot.ExpandImplication("TICKET_BATCH_MODIFY"));
    }

    [Fact]
    public void Trac_admin_implies_all_41_others_but_not_itself_through_its_own_pattern()
    {
        var snapshot = Trac().User("alice").Grant("alice", "TRAC_ADMIN").Snapshot();

        var expanded = snapshot.ExpandImplication("TRAC_ADMIN");
        Assert.Equal(41, expanded.Count);
        Assert.DoesNotContain("TRAC_ADMIN", expanded);
        Assert.Equal(42, snapshot.Effective("alice").Count);
        var own = Assert.Single(snapshot.Explain("alice", "TRAC_ADMIN"));
        Assert.Equal((RouteKind.Direct, "", "alice : TRAC_ADMIN"), (own.Kind, own.Via, own.Path));
        Assert.Contains("alice : TRAC_ADMIN => TICKET_APPEND", snapshot.Explain("alice", "TICKET_APPEND").Select(r => r.Path));
    }

    [Fact]
    public void Group_granted_trac_admin_gives_its_members_everything()
    {
        var snapshot = Trac().User("bob").Group("admins", "bob").Grant("admins", "TRAC_ADMIN").Snapshot();

        Assert.All(snapshot.State.Permissions.Keys, name => Assert.True(snapshot.Check("bob", name)));
        Assert.All(snapshot.State.Permissions.Keys, name => Assert.True(snapshot.Check("admins", name)));
        Assert.False(snapshot.Check("anonymous", "TRAC_ADMIN"));
    }
}
