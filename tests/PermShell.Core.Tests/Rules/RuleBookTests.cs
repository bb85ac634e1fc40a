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
    public void A_rule_needing_the_actor_plugs_in_as_one_more_rule()
    {
        var book = RuleBook.Default.With(new OnlyAdminsGrant());
        var grant = new[] { new ProposedChange(new AddGrant("bob", "WIKI_VIEW")) };
        Assert.Equal(["Test.NotAdmin"], book.Check(new RuleContext(RuleCases.SampleStore(), grant) { Actor = "mallory" }).Select(p => p.Id));
        Assert.Empty(book.Check(new RuleContext(RuleCases.SampleStore(), grant) { Actor = "admin" }));
    }

    private sealed class OnlyAdminsGrant : IRule
    {
        public IEnumerable<Problem> Check(RuleContext context) =>
            context.Changes.Where(c => c.Change is AddGrant && context.Actor != "admin")
                .Select(c => Problem.About(c, "Test.NotAdmin", $"{context.Actor} may not grant.", context.Actor ?? ""));
    }
}
