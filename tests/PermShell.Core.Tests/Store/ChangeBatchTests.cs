using PermShell.Core.Manifest;
using PermShell.Core.Store;

namespace PermShell.Core.Tests.Store;

/// <summary>
/// Staged changes (<see cref="ChangeBatch"/>) and their one-transaction write (<see cref="PermissionStore.Commit"/>),
/// including the re-check when another writer committed in between: two batches on one store, interleaved by hand,
/// so every run meets the race.
/// </summary>
public sealed class ChangeBatchTests : IDisposable
{
    private readonly TempStoreFolder _folder = new();
    private readonly PermissionStore _store;

    public ChangeBatchTests()
    {
        _store = PermissionStore.Create(_folder.File(), StoreTemplateKind.Empty, overwrite: false);
        var setup = _store.BeginBatch();
        setup.Apply(new AddPermission(new PermissionDefinition { Name = "WIKI_VIEW", App = "wiki", CodeName = "WIKI_VIEW" }));
        foreach (var name in new[] { "bob", "carl" }) setup.Apply(AddUser(name));
        foreach (var name in new[] { "devs", "staff", "ops" }) setup.Apply(new AddGroup(new Group { Name = name }));
        setup.Apply(new AddMember("staff", "devs"));
        _store.Commit(setup);
    }

    public void Dispose() => _folder.Dispose();

    private static Change AddUser(string name) => new AddUser(new User { Name = name });

    private static Change EditUser(PermissionState state, string name, Func<User, User> edit) =>
        new UpdateUser(state.Users[name], edit(state.Users[name]));

    /// <summary>What another process sees: a fresh PermissionStore on the same file.</summary>
    private PermissionState Written() => PermissionStore.Open(_store.Path).Snapshot().State;

    private PermShellException CommitRefused(ChangeBatch batch) => Assert.Throws<PermShellException>(() => _store.Commit(batch));

    [Fact]
    public void Staged_changes_are_visible_in_the_batch_and_written_only_by_Commit()
    {
        var batch = _store.BeginBatch(ChangeSource.Cmdlet("New-PermUser"));
        var before = _store.Snapshot().State;
        batch.Apply(AddUser("ann"));
        batch.Apply(new AddGrant("ann", "WIKI_VIEW"));

        Assert.True(batch.State.Users.ContainsKey("ann"));
        Assert.Contains("WIKI_VIEW", batch.State.GrantsOf("ann"));
        Assert.False(before.Users.ContainsKey("ann"));   // the cached snapshot the batch started from is untouched
        Assert.False(Written().Users.ContainsKey("ann"));

        var written = _store.Commit(batch);

        Assert.Equal(2, written.Count);
        Assert.Contains("WIKI_VIEW", Written().GrantsOf("ann"));
        Assert.Equal(new[] { "New-PermUser", "New-PermUser" }, _store.ReadLog(last: 2).Select(e => e.Source));
    }

    [Fact]
    public void Each_staged_change_is_logged_with_the_source_it_was_staged_with()
    {
        var batch = _store.BeginBatch(ChangeSource.Cmdlet("New-PermUser"));
        batch.Apply(AddUser("ann"));
        batch.Source = ChangeSource.Cmdlet("Grant-Permission");
        batch.Apply(new AddGrant("ann", "WIKI_VIEW"));
        _store.Commit(batch);

        Assert.Equal(new[] { "New-PermUser", "Grant-Permission" }, _store.ReadLog(last: 2).Select(e => e.Source));
    }

    [Fact]
    public void A_batch_still_valid_after_another_commit_is_written_whole()
    {
        var mine = _store.BeginBatch();
        mine.Apply(AddUser("ann"));
        mine.Apply(new AddGrant("ann", "WIKI_VIEW"));
        var theirs = _store.BeginBatch();
        theirs.Apply(new RemoveUser(Before: theirs.State.Users["carl"]));
        _store.Commit(theirs);

        _store.Commit(mine);

        var state = Written();
        Assert.Contains("WIKI_VIEW", state.GrantsOf("ann"));
        Assert.False(state.Users.ContainsKey("carl"));
        Assert.True(_store.VerifyLog().IsIntact);
    }

    [Fact]
    public void A_change_already_made_by_another_writer_is_skipped_not_written_twice()
    {
        var mine = _store.BeginBatch();
        mine.Apply(new AddGrant("bob", "WIKI_VIEW"));
        mine.Apply(new AddMember("devs", "bob"));
        var theirs = _store.BeginBatch();
        theirs.Apply(new AddGrant("bob", "WIKI_VIEW"));
        _store.Commit(theirs);
        var logged = _store.ReadLog().Count();

        var written = _store.Commit(mine);

        Assert.Equal(new[] { new AddMember("devs", "bob") }, written);
        Assert.Equal(logged + 1, _store.ReadLog().Count());
    }

    [Fact]
    public void An_edit_of_a_record_changed_meanwhile_is_a_conflict_and_writes_nothing()
    {
        var mine = _store.BeginBatch();
        mine.Apply(AddUser("ann"));
        mine.Apply(EditUser(mine.State, "bob", u => u with { Email = "bob@mine" }));
        var theirs = _store.BeginBatch();
        theirs.Apply(EditUser(theirs.State, "bob", u => u with { DisplayName = "Robert" }));
        _store.Commit(theirs);
        var logged = _store.ReadLog().Count();

        var refused = CommitRefused(mine);

        Assert.Equal("PermShell.Store.Conflict", refused.ErrorId);
        Assert.Contains("bob", refused.Message);
        var state = Written();
        Assert.Equal("Robert", state.Users["bob"].DisplayName);   // their edit is not overwritten
        Assert.Equal("", state.Users["bob"].Email);
        Assert.False(state.Users.ContainsKey("ann"));             // nothing of my batch was written
        Assert.Equal(logged, _store.ReadLog().Count());
    }

    [Theory]
    [InlineData("grant to a user removed meanwhile")]
    [InlineData("a name taken meanwhile")]
    [InlineData("a membership that now closes a cycle")]
    [InlineData("a grant of a permission removed meanwhile")]
    public void A_change_that_no_longer_holds_is_a_conflict_never_a_raw_SQLite_error(string race)
    {
        var mine = _store.BeginBatch();
        var theirs = _store.BeginBatch();
        switch (race)
        {
            case "grant to a user removed meanwhile":
                mine.Apply(new AddGrant("carl", "WIKI_VIEW"));
                theirs.Apply(new RemoveUser(Before: theirs.State.Users["carl"]));
                break;
            case "a name taken meanwhile":
                mine.Apply(AddUser("ann"));
                theirs.Apply(new AddGroup(new Group { Name = "ann" }));
                break;
            case "a membership that now closes a cycle":
                // staff holds devs. Mine puts staff in ops; theirs puts ops in devs: together, ops > staff > devs > ops.
                mine.Apply(new AddMember("ops", "staff"));
                theirs.Apply(new AddMember("devs", "ops"));
                break;
            case "a grant of a permission removed meanwhile":
                mine.Apply(new AddGrant("bob", "WIKI_VIEW"));
                theirs.Apply(new RemovePermission(Before: theirs.State.Permissions["WIKI_VIEW"]));
                break;
        }
        _store.Commit(theirs);
        var before = ManifestWriter.Write(Written());

        var refused = CommitRefused(mine);

        Assert.Equal("PermShell.Store.Conflict", refused.ErrorId);
        Assert.Equal(before, ManifestWriter.Write(Written()));
    }

    [Fact]
    public void A_batch_staged_against_an_unchanged_store_is_not_rechecked()
    {
        // Within one batch, later changes may depend on earlier ones (a user, then its grant): written as staged.
        var batch = _store.BeginBatch();
        batch.Apply(AddUser("ann"));
        batch.Apply(new AddGrant("ann", "WIKI_VIEW"));
        batch.Apply(new RemoveUser(Before: batch.State.Users["ann"]));

        Assert.Equal(3, _store.Commit(batch).Count);
        Assert.False(Written().Users.ContainsKey("ann"));
    }

    [Fact]
    public void An_empty_batch_writes_nothing()
    {
        var revision = _store.Read().Version;
        Assert.Empty(_store.Commit(_store.BeginBatch()));
        Assert.Equal(revision, _store.Read().Version);
    }
}
