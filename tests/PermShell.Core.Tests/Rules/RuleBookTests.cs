using PermShell.Core.Manifest;
using PermShell.Core.Rules;

namespace PermShell.Core.Tests.Rules;

public sealed class RuleBookTests
{
    [Fact]
    public void A_change_a_rule_refused_is_not_reported_again_by_later_rules() =>
        // "JOE" is all upper case; that it is no subject yet when granted is a second, separate change's problem.
        Assert.Equal(["PermShell.Name.UpperCase", "PermShell.Grant.UnknownPermission"],
            RuleBook.Default.Check(RuleCases.SampleStore(), RuleCases.User("JOE"), new AddGrant("JOE", "NOPE")).Select(p => p.Id));

    [Fact]
    public void Each_problem_keeps_the_location_of_its_change()
    {
        var at = new SourceLocation("m.yaml", 3, 11);
        var problem = Assert.Single(RuleBook.Default.Check(RuleCases.SampleStore(), [new ProposedChange(new AddMember("developer", "bobby"), at)]));
        Assert.Equal(at, problem.Location);
        Assert.Equal("PermShell.Subject.NotFound", problem.Id);
    }

    [Fact]
    public void A_rule_plugs_in_as_one_more_rule()
    {
        var book = RuleBook.Default.With(new NoGrantsOnFriday());
        Assert.Equal(["Test.Friday"], book.Check(RuleCases.SampleStore(), new AddGrant("bob", "WIKI_VIEW")).Select(p => p.Id));
    }

    private sealed class NoGrantsOnFriday : IRule
    {
        public IEnumerable<Problem> Check(RuleContext context) =>
            context.Changes.Where(c => c.Change is AddGrant).Select(c => Problem.About(c, "Test.Friday", "Not on Fridays.", "bob"));
    }
}
