namespace PermShell.Core.Tests;

public class PermissionNamingTests
{
    [Theory]
    [InlineData("TICKET_VIEW", "ticket", "TICKET_VIEW")]
    [InlineData("VERSIONCONTROL_ADMIN", "versioncontrol", "VERSIONCONTROL_ADMIN")]
    [InlineData("ADMIN", "admin", "ADMIN")]
    [InlineData("auth.change_user", "auth", "change_user")]
    [InlineData("permissions_tool.audit_permissions", "permissions_tool", "audit_permissions")]
    public void Split_takes_the_app_from_the_first_word_or_the_app_label(string name, string app, string codeName) =>
        Assert.Equal((app, codeName), PermissionNaming.Split(name));
}
