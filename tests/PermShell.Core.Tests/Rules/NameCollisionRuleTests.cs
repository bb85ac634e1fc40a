using PermShell.Core.Rules;
using static PermShell.Core.Tests.Rules.RuleCases;

namespace PermShell.Core.Tests.Rules;

public sealed class NameCollisionRuleTests
{
    [Theory]
    [InlineData("bob", "PermShell.User.Exists")]
    [InlineData("developer", "PermShell.Group.Exists")]
    [InlineData("wiki_view", "PermShell.Name.DiffersByCase")]
    public void A_new_subject_name_that_is_taken_is_a_problem(string name, string id) =>
        Assert.Equal([id], Ids(new NameCollisionRule(), SampleStore(), User(name)));

    [Theory]
    [InlineData("WIKI_VIEW", "PermShell.Permission.Exists")]
    [InlineData("Wiki_View", "PermShell.Name.DiffersByCase")]
    [InlineData("bob", "PermShell.Name.CollidesWithSubject")]
    [InlineData("Bob", "PermShell.Name.DiffersByCase")]
    [InlineData("Anonymous", "PermShell.Name.DiffersByCase")]
    public void A_new_permission_name_that_is_taken_is_a_problem(string name, string id) =>
        Assert.Equal([id], Ids(new NameCollisionRule(), SampleStore(), Permission(name)));

    [Fact]
    public void Names_added_by_the_same_changes_count()
    {
        // One mistake, one problem: the new subject's.
        Assert.Equal(["PermShell.Name.DiffersByCase"], Ids(new NameCollisionRule(), SampleStore(), User("dave"), Permission("Dave")));
        Assert.Equal(["PermShell.Name.CollidesWithPermission"], Ids(new NameCollisionRule(), SampleStore(), Permission("qa.x"), User("qa.x")));
    }

    [Fact]
    public void A_name_freed_by_the_same_changes_can_be_taken()
    {
        var state = SampleStore();
        Assert.Empty(Ids(new NameCollisionRule(), state, new RemoveUser(state.Users["carol"]), Group("carol")));
    }
}
