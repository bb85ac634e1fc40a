using PermShell.Core.Engine;
using PermShell.Core.Templates;

namespace PermShell.Core.Tests.Policies;

/// <summary>
/// Trac's own AuthzPolicy test cases, ported from edgewall/trac <c>tracopt/perm/tests/authz_policy.py</c> (1.6-stable,
/// AuthzPolicyTestCase): the same policy file and the same questions, with the same answers. Trac's environment stub
/// holds no grants, so every answer comes from the policy or is "no" (Trac's DefaultPermissionPolicy finds nothing);
/// Trac's <c>[groups]</c> section becomes a store group. The file-parsing cases (missing file, malformed or duplicate
/// sections and options) are rule-book cases here: see PolicyRuleTests.
/// </summary>
public class TracAuthzPolicyTests
{
    /// <summary>The test file of setUp, section by section.</summary>
    private static readonly PolicySection[] File =
    [
        Section("wiki:WikiStart", "änon = WIKI_VIEW", "John = WIKI_VIEW", "@administrators = WIKI_VIEW", "* ="),
        Section("wiki:résumé", "änon =", "@administrators = WIKI_VIEW", "* ="),
        Section("ticket:43", "änon = TICKET_VIEW", "@administrators =", "* ="),
        Section("ticket:*", "änon =", "@administrators = TICKET_VIEW", "* ="),
        Section("repository:@*", "änon =", "@administrators = BROWSER_VIEW, FILE_VIEW", "* ="),
        Section("repository:bláh@*", "änon = BROWSER_VIEW, FILE_VIEW", "@administrators = BROWSER_VIEW, FILE_VIEW", "* ="),
        Section("milestone:milestone1", "anonymous = MILESTONE_VIEW"),
    ];

    internal static PolicySection Section(string resource, params string[] rules) =>
        new(resource, rules.Select(r => PolicyRule.Parse(r)!).ToArray());

    /// <summary>Trac's catalog and the test's TEST_* requestor, no grants; users änon, John, john and éat (an administrator).</summary>
    private static PermissionSnapshot Snapshot()
    {
        var state = StoreTemplate.Create(StoreTemplateKind.Trac);
        foreach (var subject in state.Grants.Keys.ToList()) state.Grants.Remove(subject);
        var b = new StateBuilder(state)
            .Permission("TEST_VIEW").Permission("TEST_CREATE").Permission("TEST_DELETE").Permission("TEST_MODIFY")
            .Permission("TEST_ADMIN", "TEST_VIEW", "TEST_CREATE", "TEST_DELETE", "TEST_MODIFY")
            .User("änon").User("John").User("john").User("éat")
            .Group("administrators", "éat");
        b.State.Policies = File;
        return b.Snapshot();
    }

    private static bool In(PermissionSnapshot s, string user, string permission, string? resource = null) =>
        s.Decide(user, permission, resource ?? "*:*@*").Allowed;

    [Fact]
    public void test_unicode_username()
    {
        var s = Snapshot();
        Assert.False(In(s, "anonymous", "WIKI_VIEW"));
        Assert.False(In(s, "anonymous", "WIKI_VIEW", "wiki:WikiStart"));
        Assert.False(In(s, "änon", "WIKI_VIEW"));
        Assert.True(In(s, "änon", "WIKI_VIEW", "wiki:WikiStart"));
    }

    [Fact]
    public void test_case_sensitive_username()
    {
        var s = Snapshot();
        Assert.False(In(s, "john", "WIKI_VIEW"));
        Assert.False(In(s, "john", "WIKI_VIEW", "wiki:WikiStart"));
        Assert.False(In(s, "John", "WIKI_VIEW"));
        Assert.True(In(s, "John", "WIKI_VIEW", "wiki:WikiStart"));
    }

    [Fact]
    public void test_unicode_resource_name()
    {
        var s = Snapshot();
        Assert.False(In(s, "anonymous", "WIKI_VIEW", "wiki:résumé"));
        Assert.False(In(s, "änon", "WIKI_VIEW", "wiki:résumé"));
        Assert.False(In(s, "éat", "WIKI_VIEW"));
        Assert.True(In(s, "éat", "WIKI_VIEW", "wiki:résumé"));
    }

    [Fact]
    public void test_resource_without_id()
    {
        var s = Snapshot();
        Assert.False(In(s, "anonymous", "TICKET_VIEW"));
        Assert.False(In(s, "anonymous", "TICKET_VIEW", "ticket"));
        Assert.False(In(s, "anonymous", "TICKET_VIEW", "ticket:42"));
        Assert.False(In(s, "anonymous", "TICKET_VIEW", "ticket:43"));

        Assert.False(In(s, "änon", "TICKET_VIEW"));
        Assert.False(In(s, "änon", "TICKET_VIEW", "ticket"));
        Assert.False(In(s, "änon", "TICKET_VIEW", "ticket:42"));
        Assert.True(In(s, "änon", "TICKET_VIEW", "ticket:43"));

        Assert.False(In(s, "éat", "TICKET_VIEW"));
        Assert.True(In(s, "éat", "TICKET_VIEW", "ticket"));
        Assert.True(In(s, "éat", "TICKET_VIEW", "ticket:42"));
        Assert.False(In(s, "éat", "TICKET_VIEW", "ticket:43"));
    }

    /// <summary>Repository.is_viewable: BROWSER_VIEW or FILE_VIEW on the repository ('' is the default one).</summary>
    private static bool Viewable(PermissionSnapshot s, string user, string repository) =>
        In(s, user, "BROWSER_VIEW", "repository:" + repository) || In(s, user, "FILE_VIEW", "repository:" + repository);

    [Fact]
    public void test_default_repository()
    {
        var s = Snapshot();
        Assert.False(Viewable(s, "anonymous", ""));
        Assert.False(Viewable(s, "änon", ""));
        Assert.True(Viewable(s, "éat", ""));
    }

    [Fact]
    public void test_non_default_repository()
    {
        var s = Snapshot();
        Assert.False(Viewable(s, "anonymous", "bláh"));
        Assert.True(Viewable(s, "änon", "bláh"));
        Assert.True(Viewable(s, "éat", "bláh"));
    }

    /// <summary>No section matches WIKI:wikistart: the policy has no say (Trac returns None) and the store decides.</summary>
    [Fact]
    public void test_case_sensitive_resource()
    {
        var s = Snapshot();
        foreach (var user in new[] { "anonymous", "änon" })
        {
            var decision = s.Decide(user, "WIKI_VIEW", "WIKI:wikistart");
            Assert.False(decision.Allowed);
            Assert.IsType<DenialReason.NoRoute>(Assert.Single(decision.Reasons));
        }
    }

    [Fact]
    public void test_authenticated_inherits_anonymous_permission()
    {
        var s = Snapshot();
        Assert.True(In(s, "anonymous", "MILESTONE_VIEW", "milestone:milestone1"));
        Assert.True(In(s, "authenticated", "MILESTONE_VIEW", "milestone:milestone1"));
        Assert.True(In(s, "änon", "MILESTONE_VIEW", "milestone:milestone1"));
    }
}
