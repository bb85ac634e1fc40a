namespace PermShell.Core.Tests;

public sealed class NameRulesTests
{
    // Expected values are Python's str.isupper on the same strings.
    [Theory]
    [InlineData("JOE", true)]
    [InlineData("DEV_1", true)]
    [InlineData("Dev", false)]
    [InlineData("developers", false)]
    [InlineData("123", false)]
    [InlineData("_", false)]
    [InlineData("ÉCOLE", true)]
    [InlineData("ǅ", false)]
    [InlineData("Ⅻ", true)]
    [InlineData("ⓐⒶ", false)]
    [InlineData("ΣΑΣ", true)]
    [InlineData("東京", false)]
    public void IsUpper_follows_Pythons_str_isupper(string s, bool expected) =>
        Assert.Equal(expected, NameRules.IsUpper(s));

    [Theory]
    [InlineData("TICKET_VIEW")]
    [InlineData("auth.change_user")]
    [InlineData("permissions_tool.audit_permissions")]
    [InlineData("a")]
    public void Permission_names_of_both_styles_are_valid(string name) => NameRules.CheckPermissionName(name);

    [Theory]
    [InlineData("1ABC")]
    [InlineData("TICKET VIEW")]
    [InlineData("auth.")]
    [InlineData("a.b.c")]
    [InlineData("")]
    [InlineData("WIKI-VIEW")]
    public void Malformed_permission_names_are_refused(string name) =>
        Assert.Equal("PermShell.Name.Invalid", Assert.Throws<PermShellException>(() => NameRules.CheckPermissionName(name)).ErrorId);

    [Theory]
    [InlineData("Anonymous", "anonymous")]
    [InlineData("anonymouS", "anonymous")]
    [InlineData("Authenticated", "authenticated")]
    public void Subject_names_differing_from_a_reserved_name_by_case_only_are_refused(string name, string reserved)
    {
        var e = Assert.Throws<PermShellException>(() => NameRules.CheckSubjectName(name));

        Assert.Equal("PermShell.Name.DiffersByCase", e.ErrorId);
        Assert.Contains($"reserved name '{reserved}'", e.Message);
    }

    [Fact]
    public void Closest_names_suggest_the_catalog_entry_a_typo_meant()
    {
        var catalog = new[] { "WIKI_VIEW", "WIKI_MODIFY", "TICKET_VIEW", "TRAC_ADMIN" };
        Assert.Equal("WIKI_VIEW", ClosestNames.Find("WIKI_VEIW", catalog)[0]);
        Assert.Empty(ClosestNames.Find("ZZZZZZZZZZ", catalog));
    }
}
