using PermShell.Core.Rules;

namespace PermShell.Core.Tests.Rules;

/// <summary>The store the rule tests judge changes against, and a short way to ask one rule about some changes.</summary>
internal static class RuleCases
{
    /// <summary>A small Trac-like store: a catalog, three users, two nested groups.</summary>
    public static PermissionState SampleStore() => new StateBuilder()
        .Permission("WIKI_VIEW").Permission("WIKI_MODIFY").Permission("TICKET_VIEW")
        .User("bob").User("alice").User("carol")
        .Group("developer", "bob").Group("staff", "developer")
        .State;

    public static IReadOnlyList<string> Ids(IRule rule, PermissionState state, params Change[] changes) =>
        rule.Check(new RuleContext(state, changes.Select(c => new ProposedChange(c)).ToList())).Select(p => p.Id).ToList();

    public static AddUser User(string name) => new(new User { Name = name });

    public static AddGroup Group(string name) => new(new Group { Name = name });

    public static AddPermission Permission(string name, params string[] implies) => new(new PermissionDefinition { Name = name, Implies = implies });
}
