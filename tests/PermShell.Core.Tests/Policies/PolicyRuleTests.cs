using PermShell.Core.Rules;
using PermShell.Core.Templates;
using static PermShell.Core.Tests.Policies.TracAuthzPolicyTests;

namespace PermShell.Core.Tests.Policies;

/// <summary>
/// The rule book on policy changes. The first three follow Trac's parser tests in edgewall/trac
/// tracopt/perm/tests/authz_policy.py (test_undefined_action_is_logged, test_parse_authz_duplicated_sections_raises,
/// test_parse_authz_duplicated_options_raises).
/// </summary>
public class PolicyRuleTests
{
    private static PermissionState Trac()
    {
        var state = StoreTemplate.Create(StoreTemplateKind.Trac);
        state.Users["änon"] = new User { Name = "änon" };
        state.Groups["administrators"] = new Group { Name = "administrators" };
        return state;
    }

    private static IReadOnlyList<Problem> Check(PermissionState state, params Change[] changes) => RuleBook.Default.Check(state, changes);

    [Fact]
    public void test_undefined_action_is_logged_as_a_warning_per_unknown_action()
    {
        var problems = Check(Trac(),
            new AddPolicy(Section("wiki:WikiStart", "änon = UNKNOWN_VIEW, WIKI_VIEW, !WIKI_MODIFY"), 0),
            new AddPolicy(Section("milestone:milestone1", "* = UNKNOWN_MODIFY, !MILESTONE_VIEW"), 1));
        Assert.All(problems, p => Assert.True(p.IsWarning));
        Assert.Equal(["UNKNOWN_VIEW", "UNKNOWN_MODIFY"], problems.Select(p => p.Target));
        Assert.All(problems, p => Assert.Equal("PermShell.Policy.UnknownPermission", p.Id));
        Assert.StartsWith("The action UNKNOWN_VIEW in the [wiki:WikiStart] section is not a valid action.", problems[0].Message);
    }

    [Fact]
    public void test_parse_authz_duplicated_sections_is_an_error()
    {
        var state = Trac();
        state.Policies = [Section("wiki:WikiStart", "änon = WIKI_VIEW")];
        var problem = Assert.Single(Check(state, new AddPolicy(Section("wiki:WikiStart", "änon = WIKI_VIEW"), 1)));
        Assert.Equal(("PermShell.Policy.Exists", false), (problem.Id, problem.IsWarning));
    }

    [Fact]
    public void test_parse_authz_duplicated_options_is_an_error()
    {
        var problem = Assert.Single(Check(Trac(), new AddPolicy(Section("wiki:WikiStart", "änon = WIKI_VIEW", "änon = WIKI_ADMIN"), 0)));
        Assert.Equal(("PermShell.Policy.InvalidEntry", "änon"), (problem.Id, problem.Target));
    }

    [Fact]
    public void A_rename_that_would_give_a_section_two_entries_for_the_new_name_is_an_error_and_others_pass()
    {
        var state = Trac();
        state.Users["bob"] = new User { Name = "bob" };
        state.Policies = [Section("wiki:*", "bob = WIKI_VIEW", "robert = !WIKI_VIEW", "@administrators = WIKI_ADMIN", "@admins = WIKI_VIEW")];

        var problem = Assert.Single(Check(state, new RenameUser(state.Users["bob"], "robert")));
        Assert.Equal(("PermShell.Policy.InvalidEntry", "robert", false), (problem.Id, problem.Target, problem.IsWarning));
        Assert.Contains("[wiki:*] has entries for both bob and robert", problem.Message);
        Assert.Equal("@admins", Assert.Single(Check(state, new RenameGroup(state.Groups["administrators"], "admins"))).Target);
        Assert.Empty(Check(state, new RenameUser(state.Users["bob"], "bobby")));
        Assert.Empty(Check(state, new RenameGroup(state.Groups["administrators"], "staff")));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" wiki:*")]
    [InlineData("groups")]
    [InlineData("wiki:\u0007")]
    public void A_pattern_that_cannot_be_a_section_is_an_error(string pattern)
    {
        var problem = Assert.Single(Check(Trac(), new AddPolicy(new PolicySection(pattern, []), 0)));
        Assert.Equal(("PermShell.Policy.InvalidPattern", false), (problem.Id, problem.IsWarning));
    }

    [Fact]
    public void Bad_entries_are_errors_and_unknown_users_or_groups_warnings()
    {
        var problems = Check(Trac(), new AddPolicy(new PolicySection("wiki:*",
        [
            new PolicyRule("", ["WIKI_VIEW"]), new PolicyRule("@", []), new PolicyRule("bob", ["!"]),
            new PolicyRule("ghost", ["WIKI_VIEW"]), new PolicyRule("@nobody", []), new PolicyRule("@änon", []),
            new PolicyRule("@administrators", []), new PolicyRule("*", []), new PolicyRule("authenticated", []),
        ]), 0));
        Assert.Equal(
            [("PermShell.Policy.InvalidEntry", false), ("PermShell.Policy.InvalidEntry", false), ("PermShell.Policy.InvalidEntry", false),
             ("PermShell.Policy.UnknownSubject", true), ("PermShell.Policy.UnknownSubject", true), ("PermShell.Policy.UnknownSubject", true)],
            problems.Select(p => (p.Id, p.IsWarning)));
    }

    [Fact]
    public void Updating_or_removing_a_missing_section_is_an_error()
    {
        var section = Section("wiki:*", "* =");
        Assert.Equal(["PermShell.Policy.NotFound", "PermShell.Policy.NotFound"],
            Check(Trac(), new UpdatePolicy(section, section), new RemovePolicy(section)).Select(p => p.Id));
    }
}
