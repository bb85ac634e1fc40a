namespace PermShell.Core.Tests;

/// <summary>Group membership questions: members, groups of a subject, cycles, and very deep nesting.</summary>
public class MembershipTests
{
    [Fact]
    public void Direct_members_are_listed_at_depth_one_via_the_group()
    {
        var snapshot = new StateBuilder().User("bob").Group("developer").Group("staff", "developer", "bob", "authenticated").Snapshot();

        Assert.Equal(
            [
                new GroupMember("staff", "authenticated", MemberKind.Virtual, 1, "staff"),
                new GroupMember("staff", "bob", MemberKind.User, 1, "staff"),
                new GroupMember("staff", "developer", MemberKind.Group, 1, "staff"),
            ],
            snapshot.MembersOf("staff", recurse: false));
    }

    [Fact]
    public void Recursive_members_appear_once_at_their_shortest_depth_via_the_smallest_group()
    {
        var snapshot = new StateBuilder().User("alice").User("bob").User("carol")
            .Group("developer", "alice", "bob").Group("ops", "bob", "carol", "developer").Group("staff", "developer", "ops")
            .Snapshot();

        Assert.Equal(
            [
                new GroupMember("staff", "developer", MemberKind.Group, 1, "staff"),
                new GroupMember("staff", "ops", MemberKind.Group, 1, "staff"),
                new GroupMember("staff", "alice", MemberKind.User, 2, "developer"),
                new GroupMember("staff", "bob", MemberKind.User, 2, "developer"),
                new GroupMember("staff", "carol", MemberKind.User, 2, "ops"),
            ],
            snapshot.MembersOf("staff", recurse: true));
    }

    [Fact]
    public void Member_reached_through_two_equally_deep_groups_is_via_the_smaller_name()
    {
        // a < b, but carol's candidates one step up are y (under a) and x (under b): x wins.
        var snapshot = new StateBuilder().User("carol").Group("x", "carol").Group("y", "carol")
            .Group("a", "y").Group("b", "x").Group("staff", "a", "b").Snapshot();

        Assert.Equal(new GroupMember("staff", "carol", MemberKind.User, 3, "x"), snapshot.MembersOf("staff", recurse: true)[^1]);
    }

    [Fact]
    public void Recursive_members_of_a_group_containing_authenticated_include_every_user()
    {
        var snapshot = new StateBuilder().User("alice").User("bob", active: false).Group("readers", "authenticated").Snapshot();

        Assert.Equal(
            [
                new GroupMember("readers", "authenticated", MemberKind.Virtual, 1, "readers"),
                new GroupMember("readers", "alice", MemberKind.User, 2, "authenticated"),
                new GroupMember("readers", "bob", MemberKind.User, 2, "authenticated"),
            ],
            snapshot.MembersOf("readers", recurse: true));
    }

    [Fact]
    public void Members_of_something_that_is_not_a_group_are_empty()
    {
        var snapshot = new StateBuilder().User("bob").Snapshot();

        Assert.Empty(snapshot.MembersOf("bob", recurse: true));
        Assert.Empty(snapshot.MembersOf("nobody", recurse: false));
        Assert.Empty(snapshot.MembersOf("anonymous", recurse: false));
    }

    [Fact]
    public void Membership_cycles_in_the_data_do_not_hang_or_repeat_members()
    {
        var snapshot = new StateBuilder().Permission("P").User("bob").Group("a", "b", "bob").Group("b", "a").Grant("b", "P").Snapshot();

        Assert.Equal(["b", "bob"], snapshot.MembersOf("a", recurse: true).Select(m => m.Member));
        Assert.Equal(["a", "b"], snapshot.GroupsOf("bob"));
        Assert.Equal(["b"], snapshot.GroupsOf("a"));
        Assert.True(snapshot.Check("a", "P"));
        Assert.Equal("bob > a > b : P", snapshot.Explain("bob", "P").Single().Path);
    }

    [Fact]
    public void Groups_of_a_subject_are_transitive_and_ordinal_sorted()
    {
        var snapshot = new StateBuilder().User("bob").Group("dev", "bob").Group("Staff", "dev").Group("all", "Staff").Group("other").Snapshot();

        Assert.Equal(["Staff", "all", "dev"], snapshot.GroupsOf("bob"));
        Assert.Equal(["Staff", "all"], snapshot.GroupsOf("dev"));
        Assert.Empty(snapshot.GroupsOf("other"));
        Assert.Empty(snapshot.GroupsOf("nobody"));
    }

    [Fact]
    public void Adding_a_group_to_its_own_member_reports_the_cycle()
    {
        var snapshot = new StateBuilder().Group("developer", "staff").Group("staff").Snapshot();

        Assert.Equal(["developer", "staff", "developer"], snapshot.FindMembershipCycle("staff", "developer"));
    }

    [Fact]
    public void Membership_cycle_follows_the_shortest_existing_chain()
    {
        var snapshot = new StateBuilder().Group("a").Group("b", "a").Group("c", "b").Group("x", "a").Group("c", "x").Group("d", "c").Snapshot();

        Assert.Equal(["d", "a", "b", "c", "d"], snapshot.FindMembershipCycle("a", "d"));
    }

    [Fact]
    public void Adding_a_group_to_itself_is_a_cycle()
    {
        var snapshot = new StateBuilder().Group("dev").Snapshot();

        Assert.Equal(["dev", "dev"], snapshot.FindMembershipCycle("dev", "dev"));
    }

    [Fact]
    public void Memberships_that_close_no_cycle_are_fine()
    {
        var snapshot = new StateBuilder().User("bob").Group("developer", "bob").Group("staff", "developer").Group("ops").Snapshot();

        Assert.Null(snapshot.FindMembershipCycle("staff", "ops"));
        Assert.Null(snapshot.FindMembershipCycle("ops", "staff"));
        Assert.Null(snapshot.FindMembershipCycle("staff", "developer"));
        Assert.Null(snapshot.FindMembershipCycle("staff", "bob"));
        Assert.Null(snapshot.FindMembershipCycle("staff", "authenticated"));
        Assert.Null(snapshot.FindMembershipCycle("developer", "anonymous"));
    }

    [Fact]
    public void A_ten_thousand_deep_group_chain_resolves_without_recursion()
    {
        const int depth = 10_000;
        var builder = new StateBuilder().Permission("DEEP").User("bob").Group("g9999", "bob");
        for (var i = 0; i < depth - 1; i++) builder.Group($"g{i}", $"g{i + 1}");
        var snapshot = builder.Grant("g0", "DEEP").Snapshot();

        Assert.True(snapshot.Check("bob", "DEEP"));
        Assert.True(snapshot.Check("g9999", "DEEP"));
        Assert.Equal(depth, snapshot.Explain("bob", "DEEP").Single().Groups.Count);
        Assert.Equal(depth, snapshot.GroupsOf("bob").Count);
        var members = snapshot.MembersOf("g0", recurse: true);
        Assert.Equal(depth, members.Count);
        Assert.Equal(new GroupMember("g0", "bob", MemberKind.User, depth, "g9999"), members[^1]);
        Assert.Equal(depth + 1, snapshot.FindMembershipCycle("g9999", "g0")!.Count);
    }
}
