using PermShell.Core.Rules;
using static PermShell.Core.Tests.Rules.RuleCases;

namespace PermShell.Core.Tests.Rules;

public sealed class ImplicationPatternRuleTests
{
    [Fact]
    public void A_pattern_with_other_characters_and_a_bad_name_are_problems() =>
        Assert.Equal(["PermShell.Permission.InvalidPattern", "PermShell.Name.Invalid"],
            Ids(new ImplicationPatternRule(), SampleStore(), Permission("WIKI_ADMIN", "WIKI_*", "WIKI-*", "NOT A NAME")));

    [Fact]
    public void An_update_is_judged_on_the_entries_it_brings_only()
    {
        var before = new PermissionDefinition { Name = "WIKI_ADMIN", Implies = ["WIKI-*"] };
        var after = before with { Implies = ["WIKI-*", "TICKET_?IEW", "BAD-*"] };
        Assert.Equal(["PermShell.Permission.InvalidPattern"], Ids(new ImplicationPatternRule(), SampleStore(), new UpdatePermission(before, after)));
    }

    [Fact]
    public void Unknown_names_are_no_problem_here_they_take_effect_once_defined() =>
        Assert.Empty(Ids(new ImplicationPatternRule(), SampleStore(), Permission("WIKI_ADMIN", "REPORT_VIEW", "auth.*")));
}
