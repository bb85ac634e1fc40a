using PermShell.Core.Templates;

namespace PermShell.Core.Tests;

public class StoreTemplateTests
{
    [Fact]
    public void Empty_template_is_empty()
    {
        var state = StoreTemplate.Create(StoreTemplateKind.Empty);
        Assert.Empty(state.Permissions);
        Assert.Empty(state.Users);
        Assert.Empty(state.Groups);
        Assert.Empty(state.Grants);
    }

    [Fact]
    public void Trac_template_defines_the_42_permissions_of_trac_1_6()
    {
        var state = StoreTemplate.Create(StoreTemplateKind.Trac);

        Assert.Equal(42, state.Permissions.Count);
        var ticketView = state.Permissions["TICKET_VIEW"];
        Assert.Equal(("ticket", "TICKET_VIEW", "", ""), (ticketView.App, ticketView.CodeName, ticketView.Model, ticketView.Description));
        Assert.Equal("versioncontrol", state.Permissions["VERSIONCONTROL_ADMIN"].App);
        Assert.All(state.Permissions, pair => Assert.Equal(pair.Key, pair.Value.Name));
        Assert.Empty(state.Users);
        Assert.Empty(state.Groups);
    }

    [Fact]
    public void Trac_template_implications_follow_the_table()
    {
        var state = StoreTemplate.Create(StoreTemplateKind.Trac);

        Assert.Equal(["*"], state.Permissions["TRAC_ADMIN"].Implies);
        Assert.Equal(["TICKET_APPEND", "TICKET_CHGPROP"], state.Permissions["TICKET_MODIFY"].Implies);
        Assert.Equal(["TICKET_MODIFY"], state.Permissions["TICKET_BATCH_MODIFY"].Implies);
        Assert.Equal(
            ["TICKET_BATCH_MODIFY", "TICKET_CREATE", "TICKET_EDIT_CC", "TICKET_EDIT_COMMENT", "TICKET_EDIT_DESCRIPTION", "TICKET_MODIFY", "TICKET_VIEW"],
            state.Permissions["TICKET_ADMIN"].Implies);
        Assert.Equal(["BROWSER_VIEW", "CHANGESET_VIEW", "FILE_VIEW", "LOG_VIEW"], state.Permissions["VERSIONCONTROL_ADMIN"].Implies);
        Assert.Equal(10, state.Permissions.Values.Count(p => p.Implies.Count > 0));
        Assert.Empty(state.Permissions["WIKI_VIEW"].Implies);
    }

    [Fact]
    public void Trac_template_grants_the_default_anonymous_and_authenticated_permissions()
    {
        var state = StoreTemplate.Create(StoreTemplateKind.Trac);

        Assert.Equal(
            ["BROWSER_VIEW", "CHANGESET_VIEW", "FILE_VIEW", "LOG_VIEW", "MILESTONE_VIEW", "REPORT_SQL_VIEW",
             "REPORT_VIEW", "ROADMAP_VIEW", "SEARCH_VIEW", "TICKET_VIEW", "TIMELINE_VIEW", "WIKI_VIEW"],
            state.GrantsOf(PermissionState.Anonymous).Order(StringComparer.Ordinal));
        Assert.Equal(
            ["TICKET_CREATE", "TICKET_MODIFY", "WIKI_CREATE", "WIKI_MODIFY"],
            state.GrantsOf(PermissionState.Authenticated).Order(StringComparer.Ordinal));
        Assert.Equal(2, state.Grants.Count);
    }

    [Fact]
    public void Trac_templates_do_not_share_mutable_state()
    {
        var first = StoreTemplate.Create(StoreTemplateKind.Trac);
        first.Grants.Remove(PermissionState.Anonymous);

        Assert.Equal(12, StoreTemplate.Create(StoreTemplateKind.Trac).GrantsOf(PermissionState.Anonymous).Count);
    }

    [Fact]
    public void Django_template_defines_the_auth_app_and_the_audit_permission()
    {
        var state = StoreTemplate.Create(StoreTemplateKind.Django);

        Assert.Equal(13, state.Permissions.Count);
        var expected = from model in new[] { "permission", "group", "user" }
                       from action in new[] { "add", "change", "delete", "view" }
                       select $"auth.{action}_{model}";
        Assert.Equal(expected.Append("permissions_tool.audit_permissions").Order(StringComparer.Ordinal),
            state.Permissions.Keys.Order(StringComparer.Ordinal));

        var changeUser = state.Permissions["auth.change_user"];
        Assert.Equal(("auth", "change_user", "user", "Can change user"),
            (changeUser.App, changeUser.CodeName, changeUser.Model, changeUser.Description));
        Assert.Equal("auth | user | Can change user", changeUser.Display);
        Assert.Equal("Can view permission", state.Permissions["auth.view_permission"].Description);
        Assert.Equal("Can add group", state.Permissions["auth.add_group"].Description);

        var audit = state.Permissions["permissions_tool.audit_permissions"];
        Assert.Equal(("permissions_tool", "audit_permissions", "permission", "Can audit permissions"),
            (audit.App, audit.CodeName, audit.Model, audit.Description));

        Assert.All(state.Permissions.Values, p => Assert.Empty(p.Implies));
        Assert.Empty(state.Grants);
    }
}
