using PermShell.Core.Rules;
using static PermShell.Core.Tests.Rules.RuleCases;

namespace PermShell.Core.Tests.Rules;

public sealed class ReferenceRuleTests
{
    [Fact]
    public void A_grant_of_an_unknown_permission_or_to_an_unknown_subject_is_a_problem()
    {
        Assert.Equal(["PermShell.Grant.UnknownPermission"], Ids(new ReferenceRule(), SampleStore(), new AddGrant("bob", "WIKI_VEIW")));
        Assert.Equal(["PermShell.Subject.NotFound"], Ids(new ReferenceRule(), SampleStore(), new AddGrant("bobby", "WIKI_VIEW")));
        Assert.Equal(["PermShell.Grant.UnknownPermission"], Ids(new ReferenceRule(), SampleStore(), new AddGrant("bob", "staff")));
    }

    [Fact]
    public void A_membership_of_an_unknown_member_or_in_an_unknown_group_is_a_problem()
    {
        Assert.Equal(["PermShell.Subject.NotFound"], Ids(new ReferenceRule(), SampleStore(), new AddMember("developer", "bobby")));
        Assert.Equal(["PermShell.Group.NotFound"], Ids(new ReferenceRule(), SampleStore(), new AddMember("devs", "bob")));
        Assert.Equal(["PermShell.Group.Virtual"], Ids(new ReferenceRule(), SampleStore(), new AddMember("anonymous", "bob")));
    }

    [Fact]
    public void What_the_same_changes_add_can_be_referred_to_and_what_they_remove_cannot()
    {
        var state = SampleStore();
        Assert.Empty(Ids(new ReferenceRule(), state, User("dave"), Permission("REPORT_VIEW"), new AddGrant("dave", "REPORT_VIEW"), new AddMember("developer", "dave")));
        Assert.Equal(["PermShell.Subject.NotFound"], Ids(new ReferenceRule(), state, new RemoveUser(state.Users["carol"]), new AddGrant("carol", "WIKI_VIEW")));
    }

    [Fact]
    public void The_message_names_the_closest_names()
    {
        var problem = Assert.Single(new ReferenceRule().Check(new RuleContext(SampleStore(), [new ProposedChange(new AddGrant("bob", "WIKI_VEIW"))])));
        Assert.Equal("WIKI_VEIW is not a valid permission. Did you mean WIKI_VIEW?", problem.Message);
        Assert.Equal("WIKI_VEIW", problem.Target);
        Assert.Equal(ProblemKind.ObjectNotFound, problem.Category);
    }
}
