using PermShell.Core.Store;

namespace PermShell.Core.Tests.Store;

/// <summary>
/// The in-memory store writes the log the SQLite store writes: for the same changes, the same entries (ids, actor,
/// actions, cascades, sources) carrying the same digests of the data, so a test of the log on either backend holds for both.
/// </summary>
public sealed class InMemoryPermissionStoreTests : IDisposable
{
    private readonly TempStoreFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static User U(string name) => new() { Name = name };

    /// <summary>Every change kind, then removals whose cascades take grants and memberships with them.</summary>
    private static void Script(IPermissionStore store)
    {
        var batch = store.BeginBatch(ChangeSource.Cmdlet("Test"));
        batch.Apply(new AddPermission(new PermissionDefinition { Name = "WIKI_VIEW", Description = "View wiki" }));
        batch.Apply(new AddPermission(new PermissionDefinition { Name = "WIKI_ADMIN", Implies = ["WIKI_*", "TICKET_VIEW"] }));
        batch.Apply(new AddUser(U("alice")));
        batch.Apply(new AddUser(U("bob") with { Email = "bob@x" }));
        batch.Apply(new AddGroup(new Group { Name = "devs", Description = "Developers" }));
        batch.Apply(new AddGroup(new Group { Name = "ops" }));
        batch.Apply(new AddMember("devs", "bob"));
        batch.Apply(new AddMember("devs", "alice"));
        batch.Apply(new AddMember("ops", "devs"));
        batch.Apply(new AddGrant("alice", "WIKI_VIEW"));
        batch.Apply(new AddGrant("devs", "WIKI_ADMIN"));
        batch.Apply(new AddGrant(PermissionState.Anonymous, "WIKI_VIEW"));
        batch.Apply(new UpdateUser(U("alice"), U("alice") with { IsSuperuser = true, DisplayName = "Alice" }));
        batch.Apply(new UpdatePermission(new PermissionDefinition { Name = "WIKI_ADMIN", Implies = ["WIKI_*", "TICKET_VIEW"] }, new PermissionDefinition { Name = "WIKI_ADMIN", Implies = ["WIKI_VIEW"] }));
        batch.Apply(new RemoveGrant("alice", "WIKI_ADMIN"));   // not there: logged, changes nothing
        store.Commit(batch);
        batch = store.BeginBatch(ChangeSource.Cmdlet("Remove"));
        batch.Apply(new RemoveGroup(batch.State.Groups["devs"]));
        batch.Apply(new RemoveUser(batch.State.Users["bob"]));
        batch.Apply(new RemovePermission(batch.State.Permissions["WIKI_VIEW"]));
        store.Commit(batch);
    }

    /// <summary>An entry without what differs by the moment it was written (its time, and so its hash and the next one's link).</summary>
    private static object[] Timeless(IPermissionStore store) =>
        store.ReadLog().Select(e => (object)(e.Id, e.Actor, e.Action, e.Subject, e.Target, e.Source, e.Digest)).ToArray();

    [Fact]
    public void For_the_same_changes_it_logs_the_entries_and_digests_the_SQLite_store_logs()
    {
        var sqlite = PermissionStore.Create(_folder.File(), StoreTemplateKind.Empty, overwrite: false);
        var memory = new InMemoryPermissionStore();

        Script(sqlite);
        Script(memory);

        Assert.Equal(Timeless(sqlite), Timeless(memory));
        Assert.True(memory.VerifyLog().IsIntact, memory.VerifyLog().Message);
        Assert.True(sqlite.VerifyLog().IsIntact, sqlite.VerifyLog().Message);
    }

    [Theory]
    [InlineData(StoreTemplateKind.Trac)]
    [InlineData(StoreTemplateKind.Django)]
    public void A_store_from_a_template_logs_what_a_new_SQLite_store_from_it_logs(StoreTemplateKind template)
    {
        var source = ChangeSource.Cmdlet($"New-PermissionStore -Template {template}");
        var sqlite = PermissionStore.Create(_folder.File(), template, overwrite: false, source);
        var memory = new InMemoryPermissionStore(template, source);

        Assert.Equal(Timeless(sqlite), Timeless(memory));
        Assert.Equal(sqlite.Info(false) with { Path = "" }, memory.Info(false) with { Path = "" });
    }
}
