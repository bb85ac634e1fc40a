using PermShell.Core.Engine;
using PermShell.Core.Templates;
using static PermShell.Core.Tests.Policies.TracAuthzPolicyTests;

namespace PermShell.Core.Tests.Policies;

/// <summary>
/// The corner cases of issue 15 beyond Trac's own tests: the order rule, meta-permission expansion of denials, the
/// empty entry, the implicit @*, case-sensitive globs, parent/child descriptors, groups, superusers and inactive users.
/// Expected answers follow tracopt/perm/authz_policy.py (1.6) read line by line.
/// </summary>
public class PolicyEvaluationTests
{
    private static PermissionSnapshot Trac(Action<StateBuilder> build, params PolicySection[] policy)
    {
        var b = new StateBuilder(StoreTemplate.Create(StoreTemplateKind.Trac)).User("bob").User("carol").Group("devs", "bob");
        build(b);
        b.State.Policies = policy;
        return b.Snapshot();
    }

    [Fact]
    public void The_first_matching_section_with_an_entry_for_the_user_decides_even_when_a_later_one_is_more_specific()
    {
        var s = Trac(_ => { },
            Section("wiki:*", "bob = WIKI_VIEW"),
            Section("wiki:PrivatePage", "bob = !WIKI_VIEW"));
        var d = s.Decide("bob", "WIKI_VIEW", "wiki:PrivatePage");
        Assert.True(d.Allowed);
        var route = Assert.Single(d.Routes);
        Assert.Equal((RouteKind.Policy, "[wiki:*]", "[wiki:*] bob = WIKI_VIEW", "WIKI_VIEW"), (route.Kind, route.Via, route.Path, route.Granted));
        Assert.Equal("wiki:PrivatePage@*", d.Resource);
    }

    [Fact]
    public void A_matching_section_without_an_entry_for_the_user_passes_the_question_on_to_the_next()
    {
        var s = Trac(_ => { },
            Section("wiki:PrivatePage", "carol = WIKI_VIEW"),
            Section("wiki:*", "bob = !WIKI_VIEW"));
        Assert.IsType<DenialReason.PolicyDenied>(Assert.Single(s.Decide("bob", "WIKI_VIEW", "wiki:PrivatePage").Reasons));
    }

    [Fact]
    public void The_first_entry_for_the_user_decides_and_later_ones_are_not_read()
    {
        var s = Trac(_ => { }, Section("wiki:*", "* = !WIKI_VIEW", "bob = WIKI_VIEW"));
        var reason = Assert.IsType<DenialReason.PolicyDenied>(Assert.Single(s.Decide("bob", "WIKI_VIEW", "wiki:A").Reasons));
        Assert.Equal(("*", "!WIKI_VIEW"), (reason.Rule.Subject, reason.DeniedBy));
    }

    [Fact]
    public void A_denied_meta_permission_denies_what_it_implies_even_to_a_user_granted_it_in_the_store()
    {
        var s = Trac(b => b.Grant("bob", "WIKI_ADMIN"), Section("wiki:PrivatePage", "bob = !WIKI_ADMIN"));
        var d = s.Decide("bob", "WIKI_VIEW", "wiki:PrivatePage");
        Assert.False(d.Allowed);
        var reason = Assert.IsType<DenialReason.PolicyDenied>(Assert.Single(d.Reasons));
        Assert.Equal("!WIKI_ADMIN", reason.DeniedBy);
        Assert.Contains("!WIKI_ADMIN covers WIKI_VIEW", reason.Text);
        Assert.True(s.Decide("bob", "WIKI_VIEW", "wiki:OtherPage").Allowed);
    }

    [Fact]
    public void A_granted_meta_permission_grants_what_it_implies()
    {
        var s = Trac(_ => { }, Section("wiki:*", "bob = WIKI_ADMIN"));
        var route = Assert.Single(s.Decide("bob", "WIKI_DELETE", "wiki:A").Routes);
        Assert.Equal("WIKI_ADMIN", route.Granted);
    }

    [Fact]
    public void An_empty_entry_denies_every_permission_even_to_a_user_who_holds_it()
    {
        var s = Trac(b => b.Grant("bob", "TRAC_ADMIN"), Section("wiki:PageTemplates/*", "* ="));
        foreach (var permission in new[] { "WIKI_VIEW", "TICKET_VIEW", "TRAC_ADMIN" })
        {
            var reason = Assert.IsType<DenialReason.PolicyDenied>(Assert.Single(s.Decide("bob", permission, "wiki:PageTemplates/Bug").Reasons));
            Assert.Null(reason.DeniedBy);
        }
    }

    [Fact]
    public void Runs_of_denials_and_grants_are_read_in_order_and_a_name_in_no_run_falls_through()
    {
        var s = Trac(_ => { },
            Section("wiki:A", "bob = !WIKI_ADMIN, WIKI_VIEW"),
            Section("wiki:B", "bob = WIKI_VIEW, !WIKI_ADMIN"));
        Assert.False(s.Decide("bob", "WIKI_VIEW", "wiki:A").Allowed);
        Assert.True(s.Decide("bob", "WIKI_VIEW", "wiki:B").Allowed);
        Assert.False(s.Decide("bob", "WIKI_MODIFY", "wiki:B").Allowed);
        // bob holds TICKET_CREATE through authenticated; no run of the entry covers it, so the store decides.
        Assert.Equal(RouteKind.Authenticated, s.Decide("bob", "TICKET_CREATE", "wiki:B").Routes[0].Kind);
    }

    [Fact]
    public void A_pattern_without_a_version_matches_every_version_and_one_with_a_version_only_that()
    {
        var s = Trac(_ => { }, Section("wiki:A", "bob = WIKI_DELETE"), Section("wiki:B@1", "bob = WIKI_DELETE"));
        Assert.True(s.Decide("bob", "WIKI_DELETE", "wiki:A@7").Allowed);
        Assert.True(s.Decide("bob", "WIKI_DELETE", "wiki:A").Allowed);
        Assert.True(s.Decide("bob", "WIKI_DELETE", "wiki:B@1").Allowed);
        Assert.False(s.Decide("bob", "WIKI_DELETE", "wiki:B@2").Allowed);
        Assert.False(s.Decide("bob", "WIKI_DELETE", "wiki:B").Allowed);
    }

    [Fact]
    public void Globs_are_case_sensitive()
    {
        var s = Trac(_ => { }, Section("wiki:Private*", "bob = WIKI_DELETE"));
        Assert.True(s.Decide("bob", "WIKI_DELETE", "wiki:PrivatePage").Allowed);
        Assert.False(s.Decide("bob", "WIKI_DELETE", "wiki:privatePage").Allowed);
        Assert.False(s.Decide("bob", "WIKI_DELETE", "Wiki:PrivatePage").Allowed);
    }

    [Fact]
    public void Child_resources_carry_their_parents_and_a_star_spans_slashes_as_in_fnmatch()
    {
        var s = Trac(_ => { },
            Section("*/attachment:*", "bob = WIKI_DELETE"),
            Section("ticket:*", "bob = !WIKI_DELETE"));
        Assert.True(s.Decide("bob", "WIKI_DELETE", "ticket:43/attachment:file.txt").Allowed);
        Assert.Equal("ticket:43@*/attachment:file.txt@*", s.Decide("bob", "WIKI_DELETE", "ticket:43/attachment:file.txt").Resource);
        // [ticket:*] is ticket:*@*, and * spans the '/': it covers the ticket's attachments too.
        var t = Trac(_ => { }, Section("ticket:*", "bob = !WIKI_VIEW"));
        Assert.False(t.Decide("bob", "WIKI_VIEW", "ticket:43/attachment:file.txt").Allowed);
    }

    [Fact]
    public void Zone_patterns_cover_the_subdomains_but_not_the_apex()
    {
        var s = Trac(b => b.Permission("ZONE_EDIT").Group("dns", "carol"),
            Section("zone:*.example.org.", "@dns = ZONE_EDIT"),
            Section("zone:example.org.", "@dns = !ZONE_EDIT"));
        Assert.True(s.Decide("carol", "ZONE_EDIT", "zone:www.example.org.").Allowed);
        Assert.True(s.Decide("carol", "ZONE_EDIT", "zone:a.b.example.org.").Allowed);
        Assert.False(s.Decide("carol", "ZONE_EDIT", "zone:example.org.").Allowed);
        Assert.False(s.Decide("carol", "ZONE_EDIT", "zone:www.example.com.").Allowed);
        Assert.False(s.Decide("bob", "ZONE_EDIT", "zone:www.example.org.").Allowed);
    }

    [Fact]
    public void Group_entries_reach_members_of_nested_groups_and_groups_joined_through_authenticated()
    {
        var s = Trac(b => b.Group("staff", "devs").Group("everyone", "authenticated"),
            Section("wiki:A", "@staff = WIKI_DELETE"),
            Section("wiki:B", "@everyone = WIKI_DELETE"));
        Assert.True(s.Decide("bob", "WIKI_DELETE", "wiki:A").Allowed);
        Assert.False(s.Decide("carol", "WIKI_DELETE", "wiki:A").Allowed);
        Assert.True(s.Decide("carol", "WIKI_DELETE", "wiki:B").Allowed);
        Assert.False(s.Decide("anonymous", "WIKI_DELETE", "wiki:B").Allowed);
    }

    [Fact]
    public void An_anonymous_entry_speaks_for_users_too_but_an_authenticated_one_not_for_anonymous()
    {
        var s = Trac(_ => { },
            Section("wiki:A", "anonymous = !WIKI_VIEW"),
            Section("wiki:B", "authenticated = !WIKI_VIEW"));
        Assert.False(s.Decide("bob", "WIKI_VIEW", "wiki:A").Allowed);
        Assert.False(s.Decide("bob", "WIKI_VIEW", "wiki:B").Allowed);
        Assert.True(s.Decide("anonymous", "WIKI_VIEW", "wiki:B").Allowed);
    }

    [Fact]
    public void Superusers_hold_everything_and_inactive_users_nothing_whatever_the_policy_says()
    {
        var s = Trac(b => b.User("root", superuser: true).User("gone", active: false).Grant("gone", "WIKI_VIEW"),
            Section("wiki:*", "root = !WIKI_VIEW", "gone = WIKI_VIEW"));
        Assert.Equal(RouteKind.Superuser, s.Decide("root", "WIKI_VIEW", "wiki:A").Routes[0].Kind);
        Assert.IsType<DenialReason.InactiveUser>(Assert.Single(s.Decide("gone", "WIKI_VIEW", "wiki:A").Reasons));
    }

    [Fact]
    public void Without_a_resource_the_policy_is_not_consulted()
    {
        var s = Trac(_ => { }, Section("*", "* ="));
        Assert.True(s.Decide("bob", "WIKI_VIEW", null).Allowed);
        Assert.Null(s.Decide("bob", "WIKI_VIEW", null).Resource);
        Assert.False(s.Decide("bob", "WIKI_VIEW", "*:*@*").Allowed);
    }

    [Theory]
    [InlineData("wiki:PrivatePage", "wiki:PrivatePage@*")]
    [InlineData("wiki:PrivatePage@3", "wiki:PrivatePage@3")]
    [InlineData("ticket", "ticket:*@*")]
    [InlineData("repository:", "repository:@*")]
    [InlineData("wiki:Templates/Bug", "wiki:Templates/Bug@*")]
    [InlineData("wiki:WikiStart@117/attachment:FOO.JPG", "wiki:WikiStart@117/attachment:FOO.JPG@*")]
    [InlineData("ticket:43/attachment:*", "ticket:43@*/attachment:*@*")]
    public void Descriptors_are_completed_as_Trac_writes_them(string written, string descriptor) =>
        Assert.Equal(descriptor, ResourceDescriptor.Normalize(written));

    [Theory]
    [InlineData("wiki:[A-C]*", "wiki:Bravo@*", true)]
    [InlineData("wiki:[!A-C]*", "wiki:Bravo@*", false)]
    [InlineData("wiki:[!A-C]*", "wiki:Delta@*", true)]
    [InlineData("wiki:Page?", "wiki:Page1@*", true)]
    [InlineData("wiki:Page?", "wiki:Page12@*", false)]
    [InlineData("wiki:[Oops", "wiki:[Oops@*", true)]
    [InlineData("*", "ticket:1@*/attachment:a@*", true)]
    [InlineData("wiki:WikiStart@*/attachment:*", "wiki:WikiStart@117/attachment:FOO.JPG@*", true)]
    public void Patterns_match_as_fnmatchcase(string pattern, string descriptor, bool matches) =>
        Assert.Equal(matches, new ResourcePattern(pattern).Matches(descriptor));
}
