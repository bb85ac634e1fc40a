using PermShell.Core.Administration;

namespace PermShell.Core.Tests.Administration;

public sealed class GrantAdministrationTests : IDisposable
{
    private readonly AdministrationFixture _f = new();

    public void Dispose() => _f.Dispose();

    private RecordingHost Grant(string[] subjects, string[] names, bool decline = false) =>
        _f.Call((w, h) => new GrantAdministration(w, h).Grant(subjects, names), decline);

    private RecordingHost Revoke(string[] subjects, string[] names) =>
        _f.Call((w, h) => new GrantAdministration(w, h).Revoke(subjects, names));

    [Fact]
    public void Grant_gives_every_name_to_every_subject()
    {
        Grant(new[] { "bob", "alice" }, new[] { "WIKI_VIEW", "TICKET_VIEW" });
        Assert.Equal(new[] { "TICKET_VIEW", "WIKI_VIEW" }, _f.State.GrantsOf("bob").Order(StringComparer.Ordinal));
        Assert.Equal(new[] { "TICKET_VIEW", "WIKI_VIEW" }, _f.State.GrantsOf("alice").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Grant_with_one_unknown_name_grants_nothing_and_suggests_the_closest()
    {
        var host = Grant(new[] { "bob" }, new[] { "WIKI_VIEW", "WIKI_VEIW" });
        var error = Assert.Single(host.Errors);
        Assert.Equal("PermShell.Grant.UnknownPermission", error.ErrorId);
        Assert.Equal("WIKI_VEIW is not a valid permission. Did you mean WIKI_VIEW?", error.Message);
        Assert.Empty(_f.State.GrantsOf("bob"));
    }

    [Fact]
    public void Grant_to_an_unknown_subject_grants_nothing()
    {
        var host = Grant(new[] { "bob", "bobby" }, new[] { "WIKI_VIEW" });
        Assert.Equal("PermShell.Subject.NotFound", Assert.Single(host.Errors).ErrorId);
        Assert.Empty(_f.State.GrantsOf("bob"));
    }

    [Fact]
    public void Granting_what_is_granted_warns_and_the_rest_proceeds()
    {
        Grant(new[] { "bob" }, new[] { "WIKI_VIEW", "developer" });
        var host = Grant(new[] { "bob" }, new[] { "WIKI_VIEW", "TICKET_VIEW", "developer" });
        Assert.Contains("bob already has WIKI_VIEW", host.Warnings);
        Assert.Contains("bob is already in developer", host.Warnings);
        Assert.Empty(host.Errors);
        Assert.Contains("TICKET_VIEW", _f.State.GrantsOf("bob"));
    }

    [Fact]
    public void Granting_a_group_name_makes_the_subject_a_member_as_in_Trac()
    {
        Grant(new[] { "bob", "authenticated" }, new[] { "developer" });
        Assert.Equal(new[] { "authenticated", "bob" }, _f.State.MembersOf("developer").Order(StringComparer.Ordinal));
        Assert.Empty(_f.State.GrantsOf("bob"));
    }

    [Fact]
    public void Granting_a_group_to_a_group_that_would_close_a_cycle_grants_nothing_and_shows_the_cycle()
    {
        Grant(new[] { "developer" }, new[] { "staff" });
        var host = Grant(new[] { "staff" }, new[] { "WIKI_VIEW", "developer" });
        var error = Assert.Single(host.Errors);
        Assert.Equal("PermShell.Group.MembershipCycle", error.ErrorId);
        Assert.Contains("staff > developer > staff", error.Message);
        Assert.Empty(_f.State.GrantsOf("staff"));
    }

    [Fact]
    public void Declined_confirmation_writes_nothing()
    {
        var host = Grant(new[] { "bob" }, new[] { "WIKI_VIEW", "developer" }, decline: true);
        Assert.Equal(2, host.Asked.Count);
        Assert.Empty(_f.State.GrantsOf("bob"));
        Assert.Empty(_f.State.MembersOf("developer"));
    }

    [Fact]
    public void Revoke_removes_grants_and_memberships()
    {
        Grant(new[] { "bob" }, new[] { "WIKI_VIEW", "developer" });
        var host = Revoke(new[] { "bob" }, new[] { "WIKI_VIEW", "developer" });
        Assert.Empty(host.Warnings);
        Assert.Empty(_f.State.GrantsOf("bob"));
        Assert.Empty(_f.State.MembersOf("developer"));
    }

    [Fact]
    public void Revoke_star_subject_takes_the_name_from_everyone()
    {
        Grant(new[] { "bob", "alice", "anonymous" }, new[] { "WIKI_VIEW", "TICKET_VIEW" });
        Revoke(new[] { "*" }, new[] { "WIKI_VIEW" });
        var state = _f.State;
        Assert.DoesNotContain(state.Grants.Values, g => g.Contains("WIKI_VIEW"));
        Assert.Contains("TICKET_VIEW", state.GrantsOf("alice"));
    }

    [Fact]
    public void Revoke_star_name_takes_everything_of_the_subject_including_memberships()
    {
        Grant(new[] { "bob", "alice" }, new[] { "WIKI_VIEW", "developer" });
        Revoke(new[] { "bob" }, new[] { "*" });
        var state = _f.State;
        Assert.Empty(state.GrantsOf("bob"));
        Assert.Equal(new[] { "alice" }, state.MembersOf("developer"));
        Assert.Contains("WIKI_VIEW", state.GrantsOf("alice"));
    }

    [Fact]
    public void Revoke_of_an_invalid_name_is_the_grant_error_with_the_closest_names_and_revokes_nothing()
    {
        Grant(new[] { "bob" }, new[] { "WIKI_VIEW", "developer" });
        var host = Revoke(new[] { "bob" }, new[] { "WIKI_VIEW", "developer", "WIKI_VEIW" });
        var error = Assert.Single(host.Errors);
        Assert.Equal("PermShell.Grant.UnknownPermission", error.ErrorId);
        Assert.Equal(ProblemKind.ObjectNotFound, error.Kind);
        Assert.Equal("WIKI_VEIW", error.Target);
        Assert.Equal("WIKI_VEIW is not a valid permission. Did you mean WIKI_VIEW?", error.Message);
        Assert.Empty(host.Warnings);
        Assert.Equal(new[] { "WIKI_VIEW" }, _f.State.GrantsOf("bob"));
        Assert.Equal(new[] { "bob" }, _f.State.MembersOf("developer"));
    }

    [Fact]
    public void Revoke_of_a_direct_grant_still_held_through_a_group_warns_with_the_route()
    {
        Grant(new[] { "developer" }, new[] { "WIKI_VIEW" });
        Grant(new[] { "bob" }, new[] { "WIKI_VIEW", "developer" });
        var host = Revoke(new[] { "bob" }, new[] { "WIKI_VIEW" });
        Assert.Equal("bob still holds WIKI_VIEW: bob > developer : WIKI_VIEW", Assert.Single(host.Warnings));
        Assert.Empty(_f.State.GrantsOf("bob"));
    }

    [Fact]
    public void Revoke_of_a_direct_grant_still_held_by_several_routes_lists_them_all()
    {
        Grant(new[] { "developer" }, new[] { "WIKI_VIEW" });
        Grant(new[] { "bob" }, new[] { "WIKI_VIEW", "WIKI_ADMIN", "developer" });
        var host = Revoke(new[] { "bob" }, new[] { "WIKI_VIEW" });
        Assert.Equal("bob still holds WIKI_VIEW: bob > developer : WIKI_VIEW; bob : WIKI_ADMIN => WIKI_VIEW", Assert.Single(host.Warnings));
    }

    [Fact]
    public void Revoke_that_takes_the_permission_away_says_nothing()
    {
        Grant(new[] { "bob" }, new[] { "WIKI_VIEW" });
        var host = Revoke(new[] { "bob" }, new[] { "WIKI_VIEW" });
        Assert.Empty(host.Warnings);
    }

    [Fact]
    public void Declined_revoke_does_not_warn_about_what_is_still_held()
    {
        Grant(new[] { "developer" }, new[] { "WIKI_VIEW" });
        Grant(new[] { "bob" }, new[] { "WIKI_VIEW", "developer" });
        var host = _f.Call((w, h) => new GrantAdministration(w, h).Revoke(new[] { "bob" }, new[] { "WIKI_VIEW" }), decline: true);
        Assert.Empty(host.Warnings);
        Assert.Equal(new[] { "WIKI_VIEW" }, _f.State.GrantsOf("bob"));
    }

    [Fact]
    public void Revoke_of_what_was_never_granted_warns_so()
    {
        var host = Revoke(new[] { "bob" }, new[] { "TICKET_VIEW" });
        Assert.Equal("bob has not been granted TICKET_VIEW.", Assert.Single(host.Warnings));
    }

    [Fact]
    public void Revoke_of_a_group_route_warns_with_the_route_and_changes_nothing()
    {
        Grant(new[] { "developer" }, new[] { "WIKI_ADMIN" });
        Grant(new[] { "bob" }, new[] { "developer" });
        var before = _f.Store.Info(false).Revision;
        var host = Revoke(new[] { "bob" }, new[] { "WIKI_MODIFY" });
        var warning = Assert.Single(host.Warnings);
        Assert.Contains("through a meta-permission or group", warning);
        Assert.Contains("bob > developer : WIKI_ADMIN => WIKI_MODIFY", warning);
        Assert.Equal(before, _f.Store.Info(false).Revision);
    }

    [Fact]
    public void Revoke_of_an_indirect_membership_names_the_chain()
    {
        Grant(new[] { "developer" }, new[] { "staff" });
        Grant(new[] { "bob" }, new[] { "developer" });
        var host = Revoke(new[] { "bob" }, new[] { "staff" });
        Assert.Equal("bob is in staff through another group (bob > developer > staff), not directly; remove that membership instead.", Assert.Single(host.Warnings));
        Assert.Contains("developer", _f.State.MembersOf("staff"));
    }
}
