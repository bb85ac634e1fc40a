using PermShell.Core.Rules;

namespace PermShell.Core.Tests.Rules;

/// <summary>
/// The rights of an enforced store (SPEC §5), judged by the whole rule book with the actor given as an argument, so
/// every role is played here: a superuser, each right alone, a help-desk member of support, a user with no right, an
/// inactive user and a stranger. Each case says who tries what and whether the rule book lets it through.
/// </summary>
public sealed class RightsRulesTests
{
    /// <summary>
    /// A Trac store with the rights, one user per role, and two groups: support (holds TICKET_VIEW) with the help-desk
    /// user in it, admins (holds TRAC_ADMIN). anonymous holds WIKI_VIEW.
    /// </summary>
    private static PermissionState Store()
    {
        var b = new StateBuilder(Templates.StoreTemplate.Create(StoreTemplateKind.Trac))
            .Permission(Rights.Audit).Permission(Rights.GroupMembersChange)
            .User("root", superuser: true).User("granter").User("revoker").User("admin").User("auditor").User("helpdesk")
            .User("nobody").User("gone", active: false).User("bob").User("boss", superuser: true)
            .Group("support", "helpdesk").Group("admins").Group("other")
            .Grant("granter", Rights.Grant, "TICKET_VIEW", "WIKI_ADMIN")
            .Grant("revoker", Rights.Revoke, "TICKET_VIEW")
            .Grant("admin", Rights.Admin, "TICKET_ADMIN")
            .Grant("auditor", Rights.Audit)
            .Grant("helpdesk", Rights.GroupMembersChange)
            .Grant("support", "TICKET_VIEW")
            .Grant("admins", "TRAC_ADMIN")
            .Grant("bob", "TICKET_VIEW");
        var state = b.State;
        state.Grants[PermissionState.Anonymous] = new HashSet<string>(["WIKI_VIEW"], StringComparer.Ordinal);
        return state;
    }

    private static IReadOnlyList<Problem> Denied(string actor, params Change[] changes) => DeniedIn(Store(), actor, changes);

    private static IReadOnlyList<Problem> DeniedIn(PermissionState state, string actor, params Change[] changes) =>
        RuleBook.Enforced.Check(new RuleContext(state, changes.Select(c => new ProposedChange(c)).ToList()) { Actor = actor })
            .Where(p => p.Id == AccessDenied.Id).ToList();

    private static void Allowed(string actor, params Change[] changes) => Assert.Empty(Denied(actor, changes));

    private static Problem Refused(string actor, Change change, string why)
    {
        var problem = Assert.Single(Denied(actor, change));
        Assert.Equal(ProblemKind.PermissionDenied, problem.Category);
        Assert.Contains(why, problem.Message);
        Assert.Equal(AccessDenied.Operation(change), problem.Target);
        return problem;
    }

    private static User U(string name) => Store().Users[name];

    [Fact]
    public void Without_an_actor_the_rights_rules_say_nothing_as_an_unenforced_store_behaves()
    {
        var state = Store();
        Assert.Empty(RuleBook.Default.Check(state, new AddGrant("nobody", "TRAC_ADMIN")).Where(p => p.Id == AccessDenied.Id));
    }

    [Fact]
    public void A_superuser_may_do_everything_but_remove_itself()
    {
        Allowed("root", new AddGrant("nobody", "TRAC_ADMIN"), new AddMember("admins", "nobody"),
            new UpdateUser(U("bob"), U("bob") with { IsSuperuser = true }), new RemoveUser(U("boss")),
            new RemovePermission(Store().Permissions["TRAC_ADMIN"]), new AddPermission(new PermissionDefinition { Name = "X_Y", Implies = ["*"] }));
        Refused("root", new RemoveUser(U("root")), "cannot remove its own user");
        Refused("root", new RenameUser(U("root"), "someone"), "cannot rename its own user");
    }

    [Theory]
    [InlineData("stranger", "no PermShell user has that name")]
    [InlineData("gone", "the user is not active")]
    public void An_actor_that_is_no_active_user_may_change_nothing(string actor, string why) =>
        Refused(actor, new AddGroup(new Group { Name = "g" }), why);

    [Fact]
    public void PERMISSION_GRANT_grants_what_the_actor_holds_and_nothing_else()
    {
        Allowed("granter", new AddGrant("bob", "TICKET_VIEW"), new AddGrant("bob", "WIKI_VIEW"), new AddGrant("bob", "WIKI_MODIFY"));
        Refused("granter", new AddGrant("granter", "TRAC_ADMIN"), "needs TRAC_ADMIN itself");
        Refused("granter", new AddGrant("bob", "TICKET_ADMIN"), "needs TICKET_ADMIN itself");
        Refused("granter", new RemoveGrant("bob", "TICKET_VIEW"), $"needs {Rights.Revoke}");
        Refused("granter", new AddGroup(new Group { Name = "g" }), $"needs {Rights.Admin}");
        Refused("granter", new RenameUser(U("bob"), "robert"), "rename user bob to robert");
    }

    [Fact]
    public void Meta_permissions_count_by_what_they_expand_to()
    {
        // admin holds TICKET_ADMIN, so every TICKET_* it implies, and PERMISSION_ADMIN implies the grant right.
        Allowed("admin", new AddGrant("bob", "TICKET_MODIFY"), new AddGrant("bob", "TICKET_APPEND"), new AddGrant("bob", "TICKET_ADMIN"));
        Refused("admin", new AddGrant("bob", "WIKI_ADMIN"), "needs WIKI_ADMIN itself");
    }

    [Fact]
    public void PERMISSION_REVOKE_revokes_what_the_actor_holds()
    {
        Allowed("revoker", new RemoveGrant("bob", "TICKET_VIEW"));
        Refused("revoker", new RemoveGrant("admins", "TRAC_ADMIN"), "needs TRAC_ADMIN itself");
        Refused("revoker", new AddGrant("bob", "TICKET_VIEW"), $"needs {Rights.Grant}");
    }

    [Fact]
    public void PERMISSION_ADMIN_keeps_the_catalog_users_and_groups_within_what_it_holds()
    {
        Allowed("admin", new AddUser(new User { Name = "newbie" }), new AddGroup(new Group { Name = "g" }),
            new UpdateUser(U("bob"), U("bob") with { Email = "bob@x" }), new RemoveUser(U("bob")),
            new AddPermission(new PermissionDefinition { Name = "TICKET_EXTRA", Implies = ["TICKET_VIEW"] }),
            new AddMember("support", "bob"), new RemoveMember("support", "helpdesk"),
            new RenameUser(U("bob"), "robert"), new RenameGroup(Store().Groups["support"], "helpdesk-team"));
        Refused("admin", new AddPermission(new PermissionDefinition { Name = "WIKI_ALL", Implies = ["*"] }), "TRAC_ADMIN");
        Refused("admin", new UpdatePermission(Store().Permissions["WIKI_VIEW"], Store().Permissions["WIKI_VIEW"] with { Implies = ["TRAC_ADMIN"] }), "TRAC_ADMIN");
        Refused("admin", new RemoveGroup(Store().Groups["admins"]), "TRAC_ADMIN");
        Refused("admin", new AddMember("admins", "admin"), "holds TRAC_ADMIN");
    }

    [Fact]
    public void The_resource_policy_is_PERMISSION_ADMINs_and_its_entries_name_only_permissions_the_actor_holds()
    {
        var tickets = new PolicySection("ticket:*", [new PolicyRule("bob", ["TICKET_VIEW", "!TICKET_MODIFY"]), new PolicyRule("*", []), new PolicyRule("ghost", ["NOT_IN_CATALOG"])]);
        var everywhere = new PolicySection("*", [new PolicyRule("admin", ["TRAC_ADMIN"])]);
        Allowed("admin", new AddPolicy(tickets, 0));
        Assert.Contains("'admin' may not add the policy section [*]", Refused("admin", new AddPolicy(everywhere, 0), "touches TRAC_ADMIN").Message);
        Assert.Contains("may not add the policy section [ticket:*]", Refused("granter", new AddPolicy(tickets, 0), $"needs {Rights.Admin}").Message);
        Allowed("root", new AddPolicy(everywhere, 0));

        var state = Store();
        state.Policies = [tickets, new PolicySection("wiki:*", [new PolicyRule("bob", ["!TRAC_ADMIN"])])];
        Assert.Empty(DeniedIn(state, "admin", new UpdatePolicy(tickets, tickets with { Rules = [new PolicyRule("bob", ["TICKET_VIEW"])] }), new RemovePolicy(tickets)));
        // Lifting a denial of what the actor does not hold is as much a grant of it as adding one.
        var lifted = Assert.Single(DeniedIn(state, "admin", new RemovePolicy(state.Policies[1])));
        Assert.Equal(("remove the policy section [wiki:*]", true), (lifted.Target, lifted.Message.Contains("touches TRAC_ADMIN")));
        Assert.Equal("change the policy section [wiki:*]", Assert.Single(DeniedIn(state, "auditor", new UpdatePolicy(state.Policies[1], state.Policies[1] with { Rules = [] }))).Target);
    }

    [Fact]
    public void A_rename_is_PERMISSION_ADMINs_and_says_which()
    {
        Allowed("admin", new RenameUser(U("bob"), "robert"), new RenameGroup(Store().Groups["support"], "helpdesk-team"));
        Refused("granter", new RenameUser(U("bob"), "robert"), $"may not rename user bob to robert in this enforced store: it needs {Rights.Admin}");
    }

    [Fact]
    public void Only_a_superuser_gives_or_takes_superuser_status_or_touches_a_superuser()
    {
        Refused("admin", new UpdateUser(U("admin"), U("admin") with { IsSuperuser = true }), "superuser status");
        Refused("admin", new AddUser(new User { Name = "evil", IsSuperuser = true }), "superuser status");
        Refused("admin", new UpdateUser(U("boss"), U("boss") with { IsSuperuser = false }), "superuser status");
        Refused("admin", new RemoveGrant("boss", "TICKET_VIEW"), "superuser status");
        Refused("admin", new RemoveUser(U("boss")), "superuser status");
        Refused("admin", new RenameUser(U("boss"), "chief"), "superuser status");
    }

    [Fact]
    public void GROUP_MEMBERS_CHANGE_manages_the_members_of_the_actors_own_groups_only()
    {
        Allowed("helpdesk", new AddMember("support", "bob"), new RemoveMember("support", "helpdesk"));
        Refused("helpdesk", new AddMember("admins", "helpdesk"), "it is not in admins");
        Refused("helpdesk", new AddMember("other", "bob"), "it is not in other");
        // Putting a group it does not manage inside one it does.
        Refused("helpdesk", new AddMember("support", "admins"), "it is not in admins, so it may not nest it");
        Refused("helpdesk", new AddGrant("bob", "TICKET_VIEW"), Rights.Grant);
    }

    [Fact]
    public void Joining_a_group_that_holds_more_than_the_actor_is_refused_whatever_the_right()
    {
        Refused("granter", new AddMember("admins", "granter"), "a member of admins holds TRAC_ADMIN");
        Refused("nobody", new AddMember("support", "nobody"), Rights.GroupMembersChange);
    }

    [Fact]
    public void Without_any_right_an_active_user_changes_nothing()
    {
        foreach (var change in new Change[]
                 {
                     new AddGrant("nobody", "WIKI_VIEW"), new RemoveGrant("bob", "TICKET_VIEW"), new AddMember("support", "nobody"),
                     new UpdateUser(U("nobody"), U("nobody") with { DisplayName = "Someone else" }),
                     new AddGroup(new Group { Name = "g" }), new RemovePermission(Store().Permissions["WIKI_VIEW"]),
                 })
            Assert.Single(Denied("nobody", change));
    }

    [Fact]
    public void A_change_set_is_judged_whole_and_every_forbidden_change_is_listed()
    {
        var denied = Denied("admin",
            new AddUser(new User { Name = "harmless" }),
            new AddUser(new User { Name = "sneaky", IsSuperuser = true }),
            new AddGrant("harmless", "TRAC_ADMIN"),
            new AddMember("admins", "harmless"),
            new AddGrant("harmless", "TICKET_VIEW"));
        Assert.Equal(["create the superuser sneaky", "grant TRAC_ADMIN to harmless", "add harmless to group admins"], denied.Select(p => p.Target));
    }

    [Fact]
    public void A_right_given_earlier_in_the_same_set_does_not_count_for_the_later_changes()
    {
        // Judged against what the actor held before the set: it cannot grant itself a right and then use it.
        var denied = Denied("nobody", new AddGrant("nobody", Rights.Grant), new AddGrant("bob", "WIKI_VIEW"));
        Assert.Equal(2, denied.Count);
    }
}
