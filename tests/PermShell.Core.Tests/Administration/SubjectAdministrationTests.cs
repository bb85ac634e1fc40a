using PermShell.Core.Administration;

namespace PermShell.Core.Tests.Administration;

public sealed class SubjectAdministrationTests : IDisposable
{
    private readonly AdministrationFixture _f = new();

    public void Dispose() => _f.Dispose();

    private PermShellException NewUserFails(string name)
    {
        var before = _f.Store.Info(false).Revision;
        PermShellException? caught = null;
        _f.Call((w, h) => caught = Assert.Throws<PermShellException>(() => new SubjectAdministration(w, h).AddUser(new User { Name = name })));
        Assert.Equal(before, _f.Store.Info(false).Revision);
        return caught!;
    }

    [Theory]
    [InlineData("JOE", "PermShell.Name.UpperCase")]
    [InlineData("DEV_1", "PermShell.Name.UpperCase")]
    [InlineData("wiki_view", "PermShell.Name.DiffersByCase")]
    [InlineData("Wiki_View", "PermShell.Name.DiffersByCase")]
    [InlineData("WIKI_VIEW", "PermShell.Name.UpperCase")]
    [InlineData("auth.view_user", "PermShell.Name.CollidesWithPermission")]
    [InlineData("anonymous", "PermShell.Name.Reserved")]
    [InlineData("authenticated", "PermShell.Name.Reserved")]
    [InlineData("bob", "PermShell.User.Exists")]
    [InlineData("developer", "PermShell.Group.Exists")]
    [InlineData(" bob", "PermShell.Name.Invalid")]
    [InlineData("bo\tb", "PermShell.Name.Invalid")]
    [InlineData("", "PermShell.Name.Invalid")]
    [InlineData("a*", "PermShell.Name.Invalid")]
    public void A_user_name_that_breaks_the_rules_is_refused(string name, string errorId) =>
        Assert.Equal(errorId, NewUserFails(name).ErrorId);

    [Theory]
    [InlineData("Dev")]
    [InlineData("developers2")]
    [InlineData("123")]
    [InlineData("o'brien; DROP TABLE subject;--")]
    [InlineData("ユーザー")]
    public void Names_Trac_allows_are_accepted(string name)
    {
        _f.Call((w, h) => new SubjectAdministration(w, h).AddUser(new User { Name = name }));
        Assert.True(_f.State.Users.ContainsKey(name));
    }

    [Fact]
    public void A_name_of_151_characters_is_refused_and_150_accepted()
    {
        Assert.Equal("PermShell.Name.Invalid", NewUserFails(new string('a', 151)).ErrorId);
        _f.Call((w, h) => new SubjectAdministration(w, h).AddUser(new User { Name = new string('a', 150) }));
        Assert.True(_f.State.Users.ContainsKey(new string('a', 150)));
    }

    [Fact]
    public void A_permission_name_differing_only_by_case_is_refused()
    {
        PermShellException? caught = null;
        _f.Call((w, h) => caught = Assert.Throws<PermShellException>(() => new CatalogAdministration(w, h).Add("Wiki_View", null, null, null, null)));
        Assert.Equal("PermShell.Name.DiffersByCase", caught!.ErrorId);
    }

    [Fact]
    public void A_permission_may_not_take_a_subject_name()
    {
        _f.Call((w, h) => new SubjectAdministration(w, h).AddUser(new User { Name = "auth.admin" }));
        PermShellException? caught = null;
        _f.Call((w, h) => caught = Assert.Throws<PermShellException>(() => new CatalogAdministration(w, h).Add("auth.admin", null, null, null, null)));
        Assert.Equal("PermShell.Name.CollidesWithSubject", caught!.ErrorId);
    }

    [Fact]
    public void A_membership_that_would_close_a_cycle_is_refused_showing_the_cycle()
    {
        _f.Call((w, h) => new SubjectAdministration(w, h).AddMembers("staff", new[] { "developer" }));
        var host = _f.Call((w, h) => new SubjectAdministration(w, h).AddMembers("developer", new[] { "bob", "staff" }));
        var error = Assert.Single(host.Errors);
        Assert.Equal("PermShell.Group.MembershipCycle", error.ErrorId);
        Assert.Contains("staff > developer > staff", error.Message);
        Assert.Empty(_f.State.MembersOf("developer"));
    }

    [Fact]
    public void A_group_cannot_contain_itself()
    {
        var host = _f.Call((w, h) => new SubjectAdministration(w, h).AddMembers("staff", new[] { "staff" }));
        Assert.Contains("staff > staff", Assert.Single(host.Errors).Message);
    }

    [Fact]
    public void Removing_a_non_member_is_an_error_naming_the_indirect_route()
    {
        _f.Call((w, h) => new SubjectAdministration(w, h).AddMembers("staff", new[] { "developer" }));
        _f.Call((w, h) => new SubjectAdministration(w, h).AddMembers("developer", new[] { "bob" }));
        var host = _f.Call((w, h) => new SubjectAdministration(w, h).RemoveMembers("staff", new[] { "bob", "carol" }));
        Assert.Equal(2, host.Errors.Count);
        Assert.All(host.Errors, e => Assert.Equal("PermShell.Group.NotAMember", e.ErrorId));
        Assert.Contains("bob > developer > staff", host.Errors[0].Message);
    }

    [Fact]
    public void Virtual_groups_cannot_be_removed()
    {
        PermShellException? caught = null;
        _f.Call((w, h) => caught = Assert.Throws<PermShellException>(() => new SubjectAdministration(w, h).RemoveGroup("anonymous")));
        Assert.Equal("PermShell.Group.Virtual", caught!.ErrorId);
    }

    [Fact]
    public void Removing_a_permission_removes_its_grants()
    {
        _f.Call((w, h) => new GrantAdministration(w, h).Grant(new[] { "bob" }, new[] { "WIKI_VIEW" }));
        _f.Call((w, h) => new CatalogAdministration(w, h).Remove("WIKI_VIEW"));
        Assert.Empty(_f.State.GrantsOf("bob"));
        Assert.False(_f.State.Permissions.ContainsKey("WIKI_VIEW"));
    }

    [Fact]
    public void Implying_an_undefined_permission_warns_but_is_kept()
    {
        var host = _f.Call((w, h) => new CatalogAdministration(w, h).Add("REPORT_ADMIN", null, null, null, new[] { "REPORT_VIEW" }));
        Assert.Contains(host.Warnings, m => m.Contains("REPORT_VIEW, which is not in the catalog"));
        Assert.Equal(new[] { "REPORT_VIEW" }, _f.State.Permissions["REPORT_ADMIN"].Implies);
    }
}
