using PermShell.Core.Rules;
using static PermShell.Core.Tests.Rules.RuleCases;

namespace PermShell.Core.Tests.Rules;

public sealed class SubjectNameRuleTests
{
    [Theory]
    [InlineData("JOE", "PermShell.Name.UpperCase")]
    [InlineData("anonymous", "PermShell.Name.Reserved")]
    [InlineData("authenticated", "PermShell.Name.Reserved")]
    [InlineData("Anonymous", "PermShell.Name.DiffersByCase")]
    [InlineData(" bob", "PermShell.Name.Invalid")]
    [InlineData("a*b", "PermShell.Name.Invalid")]
    public void A_new_user_or_group_with_a_bad_name_is_a_problem(string name, string id)
    {
        Assert.Equal([id], Ids(new SubjectNameRule(), SampleStore(), User(name)));
        Assert.Equal([id], Ids(new SubjectNameRule(), SampleStore(), Group(name)));
    }

    [Fact]
    public void A_good_name_and_changes_that_add_no_subject_are_no_problem() =>
        Assert.Empty(Ids(new SubjectNameRule(), SampleStore(), User("dave"), Group("qa"), new AddGrant("JOE", "X")));
}
