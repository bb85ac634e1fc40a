using PermShell.Core.Engine;

namespace PermShell.Core.Tests;

public class ImplicationPatternTests
{
    [Theory]
    [InlineData("*", "WIKI_VIEW", true)]
    [InlineData("*", "", true)]
    [InlineData("TICKET_*", "TICKET_VIEW", true)]
    [InlineData("TICKET_*", "TICKET_", true)]
    [InlineData("TICKET_*", "ticket_view", false)]
    [InlineData("TICKET_*", "WIKI_VIEW", false)]
    [InlineData("*_VIEW", "WIKI_VIEW", true)]
    [InlineData("*_VIEW", "WIKI_VIEWER", false)]
    [InlineData("WIKI_?", "WIKI_A", true)]
    [InlineData("WIKI_?", "WIKI_AB", false)]
    [InlineData("WIKI_?", "WIKI_", false)]
    [InlineData("T*_*A?E", "TICKET_CREATE", true)]
    [InlineData("*A*A*A*", "BANANA", true)]
    [InlineData("*A*A*A*A*", "BANANA", false)]
    [InlineData("auth.*", "auth.change_user", true)]
    [InlineData("auth.*", "authXchange_user", false)]
    [InlineData("[AB]*", "A", false)]
    [InlineData("WIKI_VIEW", "WIKI_VIEW", true)]
    [InlineData("WIKI_VIEW", "WIKI_VIEWS", false)]
    public void Star_matches_any_run_question_mark_one_character_and_nothing_else_is_special(string pattern, string name, bool expected) =>
        Assert.Equal(expected, PermissionSnapshot.MatchesPattern(pattern, name));
}
