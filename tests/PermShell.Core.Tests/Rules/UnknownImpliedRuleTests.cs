using PermShell.Core.Rules;
using static PermShell.Core.Tests.Rules.RuleCases;

namespace PermShell.Core.Tests.Rules;

public sealed class UnknownImpliedRuleTests
{
    [Fact]
    public void An_implied_name_the_catalog_lacks_is_a_warning_naming_the_closest()
    {
        var problem = Assert.Single(new UnknownImpliedRule().Check(new RuleContext(SampleStore(), [new ProposedChange(Permission("WIKI_ADMIN", "WIKI_VEIW", "WIKI_*"))])));
        Assert.True(problem.IsWarning);
        Assert.Equal("PermShell.Permission.UnknownImplied", problem.Id);
        Assert.EndsWith("Did you mean WIKI_VIEW?", problem.Message);
    }

    [Fact]
    public void Names_defined_by_the_same_changes_itself_and_bad_names_are_not_warned_about() =>
        Assert.Empty(Ids(new UnknownImpliedRule(), SampleStore(), Permission("REPORT_VIEW"), Permission("REPORT_ADMIN", "REPORT_VIEW", "REPORT_ADMIN", "NOT A NAME")));

    [Fact]
    public void A_rule_book_warning_does_not_refuse_the_change() =>
        Assert.Equal(["PermShell.Permission.UnknownImplied"], RuleBook.Default.Require(SampleStore(), Permission("WIKI_ADMIN", "WIKI_VEIW")).Select(p => p.Id));
}
