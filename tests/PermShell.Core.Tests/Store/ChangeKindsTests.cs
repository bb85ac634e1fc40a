using System.Diagnostics;
using PermShell.Core.Administration;
using PermShell.Core.Manifest;
using PermShell.Core.Store;

namespace PermShell.Core.Tests.Store;

/// <summary>
/// The closed set of change records: every kind is handled by every consumer, and each writes the same rows, log text
/// and log digest as the untyped Change it replaced (the pinned entries were recorded from that code).
/// </summary>
public sealed class ChangeKindsTests : IDisposable
{
    private readonly TempStoreFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static readonly PermissionDefinition View = new() { Name = "WIKI_VIEW", App = "wiki", CodeName = "WIKI_VIEW", Description = "View it's pages" };
    private static readonly PermissionDefinition Admin = new() { Name = "WIKI_ADMIN", Implies = ["WIKI_*", "TICKET_VIEW"] };
    private static readonly PermissionDefinition Admin2 = Admin with { Description = "Admin", Model = "page", Implies = ["WIKI_VIEW"] };
    private static readonly User Bob = new() { Name = "bob", Email = "b@x" };
    private static readonly User Bob2 = Bob with { IsSuperuser = true, DisplayName = "Bob", IsActive = false };
    private static readonly Group Devs = new() { Name = "devs", Description = "Developers" };
    private static readonly Group Devs2 = Devs with { Description = "Devs" };
    private static readonly Group Ops = new() { Name = "ops" };

    /// <summary>Every kind at least once, with cascades (a group in a group, grants of a removed permission) and a no-op removal.</summary>
    private static readonly Change[] Scenario =
    [
        new AddPermission(View),
        new AddPermission(Admin),
        new AddUser(Bob),
        new AddGroup(Devs),
        new AddGroup(Ops),
        new AddMember("devs", "bob"),
        new AddMember("ops", "devs"),
        new AddGrant("bob", "WIKI_VIEW"),
        new AddGrant("devs", "WIKI_VIEW"),
        new AddGrant("devs", "WIKI_ADMIN"),
        new UpdateUser(Bob, Bob2),
        new UpdateGroup(Devs, Devs2),
        new UpdatePermission(Admin, Admin2),
        // Renamed there and back: grants and memberships (both ways) follow, and the data ends as it was.
        new RenameUser(Bob2, "robert"),
        new RenameGroup(Devs2, "developers"),
        new RenameUser(Bob2 with { Name = "robert" }, "bob"),
        new RenameGroup(Devs2 with { Name = "developers" }, "devs"),
        new RemoveGrant("bob", "WIKI_VIEW"),
        new RemoveMember("devs", "bob"),
        new RemoveGrant("bob", "NOT_GRANTED"),
        new AddGrant("bob", "WIKI_VIEW"),
        new AddMember("devs", "bob"),
        new RemoveGroup(Devs2),
        new RemovePermission(View),
        new RemoveUser(Bob2),
        new RemovePermission(Admin2),
        new RemoveGroup(Ops),
        new AddPolicy(Wiki, 0),
        new AddPolicy(Tickets, 0),
        new UpdatePolicy(Wiki, Wiki2),
        new RemovePolicy(Tickets),
    ];

    private static PolicySection Wiki => new("wiki:*", [new PolicyRule("bob", ["WIKI_VIEW", "!WIKI_ADMIN"]), new PolicyRule("*", [])]);
    private static PolicySection Wiki2 => Wiki with { Rules = [new PolicyRule("@devs", ["WIKI_VIEW"])] };
    private static PolicySection Tickets => new("ticket:*", [new PolicyRule("anonymous", ["!TICKET_VIEW"])]);

    /// <summary>The log the scenario wrote with the untyped Change (main at 2fb6d25), and the renames and policies added since: action, subject, target, digest.</summary>
    private static readonly (string Action, string Subject, string Target, string Digest)[] LogBefore =
    [
        ("Add Permission", "WIKI_VIEW", "App='wiki'; Model=''; CodeName='WIKI_VIEW'; Description='View it''s pages'; Implies=[]", "b355340429ea71a1993ae519229b095728f06efcc0f76b17586f973d464d3e1e"),
        ("Add Permission", "WIKI_ADMIN", "App=''; Model=''; CodeName=''; Description=''; Implies=[WIKI_*, TICKET_VIEW]", "76b7dd61f78f9389490df1553e12e314717f86ff234a5439edc27a7c847df50e"),
        ("Add User", "bob", "DisplayName=''; Email='b@x'; IsActive=True; IsSuperuser=False", "056123933ff7e98873b973e4e87d9f633954ab81645774465550df3edb3c5bd2"),
        ("Add Group", "devs", "Description='Developers'", "7a98f0306cb6962a05ae584b8299f778fb74d3274c5defd450ea4e04c2bb46c4"),
        ("Add Group", "ops", "Description=''", "92fec3ef724deac848c5581b306d8825be9f699a15b1eb22a915c0c168856532"),
        ("Add Member", "devs", "bob", "67b1da94a6ff602066e4409cb6c610b2f8b8460c8062357ff9d5548390bb1895"),
        ("Add Member", "ops", "devs", "1a80c28aed9277165fa8d0b3b6f1301af589d07a3f44630769e19bb8c096a1ee"),
        ("Add Grant", "bob", "WIKI_VIEW", "bd121762751eda53db24fd7fa3aa5b8ca4962028de7d550389e607e604056357"),
        ("Add Grant", "devs", "WIKI_VIEW", "58070b3d13a3c2f706809b012a98b553cfc0ccb82113339262f8bd28e6e56b23"),
        ("Add Grant", "devs", "WIKI_ADMIN", "ace1c8d62d246109231c9a5a5c0a9b227121cf3ba4bb75f96e3be5a04c17da9d"),
        ("Update User", "bob", "DisplayName: '' -> 'Bob'; IsActive: True -> False; IsSuperuser: False -> True", "8e170967998e03b18d4a946e79dd36911ecc1ded906d979676095588b0da2941"),
        ("Update Group", "devs", "Description: 'Developers' -> 'Devs'", "9e25d6c365baf05865b7462e8f1db139967bb68721b41d1cfca2b4cbd05ad25d"),
        ("Update Permission", "WIKI_ADMIN", "Model: '' -> 'page'; Description: '' -> 'Admin'; Implies: [WIKI_*, TICKET_VIEW] -> [WIKI_VIEW]", "672433b241a7377d72c413c31a3e8330f3728b8844047e0803a67eff922ae4ce"),
        // Renames came later (one entry each, naming both); renamed back, the data's digest is the one before them.
        ("Rename User", "bob", "robert", "c457b0f372c09ed90b603f2016911a9c37650c528fc6f8c71f758057b97318b2"),
        ("Rename Group", "devs", "developers", "d77bd713038a2dc2a6062764590d5a0ad4ed7eba3a981ad672e6ce250ee0f685"),
        ("Rename User", "robert", "bob", "4f8eaaf43d9e88039f5fe1c03afb20deae50e48b1d73ff5f01f409de63c8f9bd"),
        ("Rename Group", "developers", "devs", "672433b241a7377d72c413c31a3e8330f3728b8844047e0803a67eff922ae4ce"),
        ("Remove Grant", "bob", "WIKI_VIEW", "c491dedab91bd53ff647e7f62d8558be44663bdba5ca8b0ce3a012d24ebc2266"),
        ("Remove Member", "devs", "bob", "efdec73586695ee8d828ff75a72bd0310a4d5e693b1942b093e07d1027866f03"),
        ("Remove Grant", "bob", "NOT_GRANTED", "efdec73586695ee8d828ff75a72bd0310a4d5e693b1942b093e07d1027866f03"),
        ("Add Grant", "bob", "WIKI_VIEW", "92711c0d0ef5c02554a52b4294e4faa3b959ae16da5234acb3e5e93d6bf4306c"),
        ("Add Member", "devs", "bob", "672433b241a7377d72c413c31a3e8330f3728b8844047e0803a67eff922ae4ce"),
        ("Remove Grant", "devs", "WIKI_ADMIN", "134a75182726996b5528156ae8cb9d6151128905c25b3ba1f76257872cf97554"),
        ("Remove Grant", "devs", "WIKI_VIEW", "7855813d89a1b0c72acd76e861de439a26e8dc747ec65d121e51a1444b186d88"),
        ("Remove Member", "ops", "devs", "c5869947420e9ad13109e7d061b3233229175306bfe42f8aae455a0f1b3de42e"),
        ("Remove Member", "devs", "bob", "f0d382a20e5c237a13eafe4fdb599ba5effd75945433e62d5e85c54df30631cc"),
        ("Remove Group", "devs", "", "6b8ee8a715718930a98867292cfec8e7b52db553dce6e419dd51f644ec079dbd"),
        ("Remove Grant", "bob", "WIKI_VIEW", "c8fb93d08de526f32d0c3b5d3f459e75062165a63dadf21dbd4c8a17a899db54"),
        ("Remove Permission", "WIKI_VIEW", "", "e8b34f3c8b440017fe87dad2edad68c1c59b96a61e6abfc61973d8966d80a903"),
        ("Remove User", "bob", "", "77d4c97ad77207706aad5d30266f1004501c2373f1aa7d1ca91704edb2fdf39c"),
        ("Remove Permission", "WIKI_ADMIN", "", "eb73c32e2de09e63adcd845f7ed7644faa95366f6b08350e0dc1567ab2fd2a3b"),
        ("Remove Group", "ops", "", "d30df06f26494bc56ab6848fd003d4a2e76aa0fca1b438c0b495e5bc0b340ccd"),
        // The policy kinds came later (issue 15); pinned from their first version.
        ("Add Policy", "wiki:*", "Position=1; Rules=[bob = WIKI_VIEW, !WIKI_ADMIN; * =]", "d21d93ed5adfffd9832050a812267fec91aab1a019fda0888dbbc4989c53d130"),
        ("Add Policy", "ticket:*", "Position=1; Rules=[anonymous = !TICKET_VIEW]", "4bbaea4ae7e893da71f75b60d25fae05b06a6ed9ebbc82600d337ffd7ed9a14c"),
        ("Update Policy", "wiki:*", "Rules: [bob = WIKI_VIEW, !WIKI_ADMIN; * =] -> [@devs = WIKI_VIEW]", "089639e64de35a24bdfc192feafac618ab56653ed567fff211bcb4d615a3c23a"),
        ("Remove Policy", "ticket:*", "", "8ff9e188c1d9c623cf250e772ac197ff8c96a80503a81d1b9144fa71331df21e"),
    ];

    private static List<Type> Kinds() =>
        typeof(Change).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(Change))).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();

    [Fact]
    public void The_set_is_closed_eighteen_sealed_records_and_the_scenario_uses_every_one()
    {
        var kinds = Kinds();
        Assert.Equal(18, kinds.Count);
        Assert.All(kinds, t => Assert.True(t.IsSealed, $"{t.Name} is not sealed"));
        Assert.All(typeof(Change).GetConstructors(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public), c => Assert.Fail($"public constructor {c}"));
        Assert.Equal(kinds.Select(t => t.Name), Scenario.Select(c => c.GetType()).Distinct().OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => t.Name));
        Assert.All(kinds, t => Assert.DoesNotContain(t.GetProperties(), p => p.PropertyType == typeof(object)));
    }

    /// <summary>One sample of every kind, each through every consumer: none falls through to its unreachable arm.</summary>
    [Fact]
    public void Every_consumer_handles_every_kind()
    {
        var samples = Scenario.GroupBy(c => c.GetType()).Select(g => g.First()).ToList();
        Assert.Equal(Kinds().Count, samples.Count);
        foreach (var change in samples)
        {
            var name = change.GetType().Name;
            var view = ChangeView.Of(change);
            Assert.True(view.Subject.Length > 0, name);
            Assert.Equal((change.Action, change.Kind), (view.Action, view.Kind));
            Assert.NotEqual("", change.ToString());
            var (action, subject, _) = ChangeLog.Describe(change);
            Assert.Equal($"{view.Action} {view.Kind}", action);
            Assert.Equal(view.Subject, subject);
            Assert.Contains(view.Subject.Replace("|", "\\|"), PlanMarkdown.Render([change], "t"));
            Assert.Equal(change.Action is ChangeAction.Update or ChangeAction.Rename ? 1 : 0, PlanSummary.Of([change]).ToChange);
            Assert.NotEqual("no changes", ChangeCounts.Phrase([change]));
            StateChanges.Apply(new PermissionState(), change);
            try
            {
                StaleChangeCheck.StillApplies(new PermissionState(), change);
            }
            catch (PermShellException e)
            {
                Assert.Equal("PermShell.Store.Conflict", e.ErrorId);
            }
        }
    }

    /// <summary>
    /// Each change in its own commit: the log gets the same entries as before, and the state in memory (the writer's,
    /// and StateChanges without the store's member index) is what SQLite holds after it.
    /// </summary>
    [Fact]
    public void Every_kind_writes_the_same_log_and_digest_as_before_and_memory_matches_sqlite()
    {
        var store = PermissionStore.Create(_folder.File("kinds.db"), StoreTemplateKind.Empty, overwrite: false);
        var shadow = store.Snapshot().State.Clone();
        foreach (var change in Scenario)
        {
            using (var w = store.BeginWrite(ChangeSource.Cmdlet("Test")))
            {
                w.Apply(change);
                w.Commit();
            }
            StateChanges.Apply(shadow, change);
            var written = Dump(PermissionStore.Open(store.Path).Snapshot().State);
            Assert.Equal(written, Dump(store.Snapshot().State));
            Assert.Equal(written, Dump(shadow));
        }
        Assert.Equal(LogBefore, store.ReadLog().Select(e => (e.Action, e.Subject, e.Target, e.Digest)).ToArray());
        Assert.True(store.VerifyLog().IsIntact);
    }

    /// <summary>The state as text, every field, sorted.</summary>
    private static List<string> Dump(PermissionState s) => Lines(s).Order(StringComparer.Ordinal).ToList();

    private static List<string> Lines(PermissionState s) =>
    [
        .. s.Permissions.Values.Select(p => $"permission {p.Name}|{p.App}|{p.Model}|{p.CodeName}|{p.Description}|{string.Join(",", p.Implies)}"),
        .. s.Users.Values.Select(u => $"user {u.Name}|{u.DisplayName}|{u.Email}|{u.IsActive}|{u.IsSuperuser}"),
        .. s.Groups.Values.Select(g => $"group {g.Name}|{g.Description}"),
        .. s.Members.SelectMany(m => m.Value.Select(v => $"member {m.Key}>{v}")),
        .. s.Grants.SelectMany(g => g.Value.Select(v => $"grant {g.Key}:{v}")),
        .. s.Policies.Select((p, i) => $"policy {i} [{p.Resource}] {string.Join("; ", p.Rules)}"),
    ];
}
