using PermShell.Core.Rules;

namespace PermShell.Core.Tests.Rules;

public sealed class MembershipCycleRuleTests
{
    private static IReadOnlyList<Problem> Check(PermissionState state, params Change[] changes) =>
        new MembershipCycleRule().Check(new RuleContext(state, changes.Select(c => new ProposedChange(c)).ToList())).ToList();

    [Fact]
    public void A_membership_that_closes_a_cycle_with_the_store_is_a_problem_showing_the_cycle()
    {
        var problem = Assert.Single(Check(RuleCases.SampleStore(), new AddMember("developer", "staff")));
        Assert.Equal("PermShell.Group.MembershipCycle", problem.Id);
        Assert.Equal("staff", problem.Target);
        Assert.EndsWith("closes a membership cycle: staff > developer > staff.", problem.Message);
    }

    [Fact]
    public void A_cycle_closed_by_two_changes_of_one_set_is_found_at_the_second()
    {
        var state = new StateBuilder().Group("a").Group("b").State;
        var problem = Assert.Single(Check(state, new AddMember("a", "b"), new AddMember("b", "a")));
        Assert.Equal("'a' as a member of 'b' closes a membership cycle: a > b > a.", problem.Message);
    }

    [Fact]
    public void A_group_in_itself_is_a_cycle_and_users_never_close_one()
    {
        Assert.Single(Check(RuleCases.SampleStore(), new AddMember("staff", "staff")));
        Assert.Empty(Check(RuleCases.SampleStore(), new AddMember("staff", "bob"), new AddMember("developer", "alice")));
    }

    [Fact]
    public void A_membership_the_same_changes_remove_closes_no_cycle()
    {
        var state = RuleCases.SampleStore();
        Assert.Empty(Check(state, new RemoveMember("staff", "developer"), new AddMember("developer", "staff")));
    }
}
