using PermShell.Core.Rules;
using static PermShell.Core.Tests.Rules.RuleCases;

namespace PermShell.Core.Tests.Rules;

public sealed class PermissionNameRuleTests
{
    [Theory]
    [InlineData("TICKET VIEW")]
    [InlineData("1WIKI")]
    [InlineData("auth.")]
    public void A_new_permission_with_a_bad_name_is_a_problem(string name) =>
        Assert.Equal(["PermShell.Name.Invalid"], Ids(new PermissionNameRule(), SampleStore(), Permission(name)));

    [Theory]
    [InlineData("REPORT_VIEW")]
    [InlineData("auth.change_user")]
    [InlineData("Bob")]
    public void Trac_and_Django_names_are_no_problem(string name) =>
        Assert.Empty(Ids(new PermissionNameRule(), SampleStore(), Permission(name)));
}
