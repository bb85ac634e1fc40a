using PermShell.Core.Manifest;
using PermShell.Core.Store;
using PermShell.Core.Store.Postgres;
using PermShell.Core.Templates;
using PermShell.Core.Tests.Store.Postgres;

namespace PermShell.Core.Tests.Store;

/// <summary>
/// The contract of <see cref="IPermissionStore"/>, written once and run against every backend (the subclasses below):
/// staged changes (<see cref="ChangeBatch"/>) written in one transaction by Commit, each logged with its source; a new
/// version with every commit and one snapshot per version; the re-check when another writer committed in between (two
/// batches on one store, interleaved by hand, so every run meets the race); a hash-chained log, in order, that
/// verifies. What only one backend has (files, WAL, migrations, tampering with the file) is tested beside it.
/// </summary>
public abstract class StoreContractTests : IDisposable
{
    protected StoreContractTests()
    {
        Store = NewStore();
        var setup = Store.BeginBatch();
        setup.Apply(NewPermission(new PermissionDefinition { Name = "WIKI_VIEW", App = "wiki", CodeName = "WIKI_VIEW" }));
        foreach (var name in new[] { "bob", "carl" }) setup.Apply(NewUser(name));
        foreach (var name in new[] { "devs", "staff", "ops" }) setup.Apply(NewGroup(name));
        setup.Apply(new AddMember("staff", "devs"));
        Store.Commit(setup);
        SetupEntries = Store.ReadLog().Count();
    }

    protected IPermissionStore Store { get; }

    /// <summary>How many log entries the setup above wrote: the tests' own entries come after them.</summary>
    private int SetupEntries { get; }

    /// <summary>A new, empty store of the backend under test.</summary>
    protected abstract IPermissionStore NewStore();

    /// <summary>What another process sees: the store read afresh, not through this process's cached snapshot.</summary>
    protected abstract PermissionState Written();

    public virtual void Dispose() => GC.SuppressFinalize(this);

    // The changes the tests stage, built in one place.
    private static Change NewUser(string name) => new AddUser(new User { Name = name });

    private static Change NewGroup(string name) => new AddGroup(new Group { Name = name });

    private static Change NewPermission(PermissionDefinition definition) => new AddPermission(definition);

    private static Change EditUser(PermissionState state, string name, Func<User, User> edit) =>
        new UpdateUser(state.Users[name], edit(state.Users[name]));

    private static Change EditGroup(PermissionState state, string name, Func<Group, Group> edit) =>
        new UpdateGroup(state.Groups[name], edit(state.Groups[name]));

    private static Change EditPermission(PermissionState state, string name, Func<PermissionDefinition, PermissionDefinition> edit) =>
        new UpdatePermission(state.Permissions[name], edit(state.Permissions[name]));

    private static Change DropUser(PermissionState state, string name) => new RemoveUser(state.Users[name]);

    private static Change DropGroup(PermissionState state, string name) => new RemoveGroup(state.Groups[name]);

    private static Change DropPermission(PermissionState state, string name) => new RemovePermission(state.Permissions[name]);

    private PermShellException CommitRefused(ChangeBatch batch) => Assert.Throws<PermShellException>(() => Store.Commit(batch));

    /// <summary>The log entries the test wrote, as "Action Subject Target".</summary>
    private string[] LoggedSinceSetup() =>
        Store.ReadLog().Skip(SetupEntries).Select(e => $"{e.Action} {e.Subject} {e.Target}".TrimEnd()).ToArray();

    [Fact]
    public void Snapshots_are_read_only_and_a_commit_derives_a_new_one_without_changing_the_old()
    {
        var before = Store.Snapshot();
        Assert.Throws<InvalidOperationException>(() => before.State.Users["eve"] = new User { Name = "eve" });

        var batch = Store.BeginBatch();
        batch.Apply(new AddGrant("bob", "WIKI_VIEW"));
        Assert.True(batch.Snapshot.Check("bob", "WIKI_VIEW"));
        batch.Apply(new AddMember("devs", "carl"));
        Assert.Equal(["devs", "staff"], batch.Snapshot.GroupsOf("carl"));
        Store.Commit(batch);

        var after = Store.Snapshot();
        Assert.True(after.Check("bob", "WIKI_VIEW"));
        Assert.Equal(["devs", "staff"], after.GroupsOf("carl"));
        Assert.Equal(Written().GrantsOf("bob"), after.State.GrantsOf("bob"));
        // The snapshot read before the commit still answers for its own version.
        Assert.False(before.Check("bob", "WIKI_VIEW"));
        Assert.Empty(before.GroupsOf("carl"));
        Assert.Empty(before.State.GrantsOf("bob"));
    }

    [Fact]
    public void Policy_sections_keep_their_order_and_entries_across_adds_updates_and_removals()
    {
        PolicySection Section(string resource, params PolicyRule[] rules) => new(resource, rules);
        var wiki = Section("wiki:*", new PolicyRule("bob", ["WIKI_VIEW", "!WIKI_ADMIN"]), new PolicyRule("*", []));
        var batch = Store.BeginBatch(ChangeSource.Cmdlet("Test"));
        batch.Apply(new AddPolicy(wiki, 0));
        batch.Apply(new AddPolicy(Section("ticket:*", new PolicyRule("@devs", ["TICKET_VIEW"])), 5));
        batch.Apply(new AddPolicy(Section("wiki:Private*"), 0));
        batch.Apply(new UpdatePolicy(wiki, wiki with { Rules = [new PolicyRule("anonymous", ["!WIKI_VIEW"])] }));
        Store.Commit(batch);

        var written = Written().Policies;
        Assert.Equal(["wiki:Private*", "wiki:*", "ticket:*"], written.Select(p => p.Resource));
        Assert.Equal("anonymous = !WIKI_VIEW", Assert.Single(written[1].Rules).ToString());
        Assert.Empty(written[0].Rules);

        var removal = Store.BeginBatch(ChangeSource.Cmdlet("Test"));
        removal.Apply(new RemovePolicy(written[0]));
        Store.Commit(removal);
        Assert.Equal(["wiki:*", "ticket:*"], Written().Policies.Select(p => p.Resource));
        Assert.Equal(Written().Policies, Store.Snapshot().State.Policies);
        Assert.Equal(["Add Policy", "Add Policy", "Add Policy", "Update Policy", "Remove Policy"],
            Store.ReadLog().Where(e => e.Action.EndsWith(" Policy", StringComparison.Ordinal)).Select(e => e.Action));
        Assert.True(Store.VerifyLog().IsIntact, Store.VerifyLog().Message);
    }

    [Fact]
    public void Every_change_kind_is_written_as_staged_and_read_back_by_another_reader()
    {
        var batch = Store.BeginBatch(ChangeSource.Cmdlet("Test"));
        batch.Apply(NewPermission(new PermissionDefinition { Name = "WIKI_ADMIN", Description = "All wiki", Implies = ["WIKI_*", "TICKET_VIEW"] }));
        batch.Apply(EditPermission(batch.State, "WIKI_VIEW", p => p with { Description = "View the wiki" }));
        batch.Apply(NewUser("ann"));
        batch.Apply(EditUser(batch.State, "bob", u => u with { Email = "bob@x", IsSuperuser = true, DisplayName = "Bob" }));
        batch.Apply(EditUser(batch.State, "carl", u => u with { IsActive = false }));
        batch.Apply(EditGroup(batch.State, "devs", g => g with { Description = "Developers" }));
        batch.Apply(new AddMember("devs", "ann"));
        batch.Apply(new AddMember("ops", "bob"));
        batch.Apply(new AddGrant("devs", "WIKI_ADMIN"));
        batch.Apply(new AddGrant(PermissionState.Anonymous, "WIKI_VIEW"));
        batch.Apply(new AddGrant("bob", "WIKI_VIEW"));
        batch.Apply(new RemoveGrant("bob", "WIKI_VIEW"));
        batch.Apply(new RemoveMember("ops", "bob"));
        batch.Apply(NewGroup("temp"));
        batch.Apply(DropGroup(batch.State, "temp"));
        batch.Apply(DropUser(batch.State, "carl"));
        var expected = ManifestWriter.Write(batch.State);

        Assert.Equal(16, Store.Commit(batch).Count);

        Assert.Equal(expected, ManifestWriter.Write(Written()));
        Assert.Equal(expected, ManifestWriter.Write(Store.Snapshot().State));
        Assert.Equal(["WIKI_*", "TICKET_VIEW"], Written().Permissions["WIKI_ADMIN"].Implies);
        Assert.True(Store.VerifyLog().IsIntact, Store.VerifyLog().Message);
    }

    [Fact]
    public void A_rename_carries_grants_and_memberships_both_ways_and_another_reader_sees_only_the_new_names()
    {
        var setup = Store.BeginBatch();
        setup.Apply(new AddMember("devs", "bob"));
        setup.Apply(new AddGrant("bob", "WIKI_VIEW"));
        setup.Apply(new AddGrant("devs", "WIKI_VIEW"));
        Store.Commit(setup);

        var batch = Store.BeginBatch(ChangeSource.Cmdlet("Rename-PermUser"));
        batch.Apply(new RenameUser(batch.State.Users["bob"], "robert"));
        batch.Apply(new RenameGroup(batch.State.Groups["devs"], "developers"));
        var expected = ManifestWriter.Write(batch.State);
        Store.Commit(batch);

        var written = Written();
        Assert.Equal(expected, ManifestWriter.Write(written));
        Assert.False(written.Users.ContainsKey("bob"));
        Assert.False(written.Groups.ContainsKey("devs"));
        Assert.Equal(["WIKI_VIEW"], written.GrantsOf("robert"));
        Assert.Equal(["WIKI_VIEW"], written.GrantsOf("developers"));
        Assert.Equal(["robert"], written.MembersOf("developers"));
        Assert.Equal(["developers"], written.MembersOf("staff"));
        Assert.Equal(["Rename User bob robert", "Rename Group devs developers"], LoggedSinceSetup().Skip(3));
        Assert.True(Store.VerifyLog().IsIntact, Store.VerifyLog().Message);
    }

    [Fact]
    public void Staged_changes_are_visible_in_the_batch_and_written_only_by_Commit()
    {
        var batch = Store.BeginBatch(ChangeSource.Cmdlet("New-PermUser"));
        var before = Store.Snapshot().State;
        batch.Apply(NewUser("ann"));
        batch.Apply(new AddGrant("ann", "WIKI_VIEW"));

        Assert.True(batch.State.Users.ContainsKey("ann"));
        Assert.Contains("WIKI_VIEW", batch.State.GrantsOf("ann"));
        Assert.False(before.Users.ContainsKey("ann"));   // the cached snapshot the batch started from is untouched
        Assert.False(Written().Users.ContainsKey("ann"));

        var written = Store.Commit(batch);

        Assert.Equal(2, written.Count);
        Assert.Contains("WIKI_VIEW", Written().GrantsOf("ann"));
        Assert.Equal(new[] { "New-PermUser", "New-PermUser" }, Store.ReadLog(last: 2).Select(e => e.Source));
    }

    [Fact]
    public void Each_staged_change_is_logged_with_the_source_it_was_staged_with()
    {
        var batch = Store.BeginBatch(ChangeSource.Cmdlet("New-PermUser"));
        batch.Apply(NewUser("ann"));
        batch.Source = ChangeSource.Cmdlet("Grant-Permission");
        batch.Apply(new AddGrant("ann", "WIKI_VIEW"));
        Store.Commit(batch);

        Assert.Equal(new[] { "New-PermUser", "Grant-Permission" }, Store.ReadLog(last: 2).Select(e => e.Source));
    }

    [Fact]
    public void A_plan_that_another_commit_keeps_from_its_goal_is_a_conflict_and_writes_nothing()
    {
        // A Sync-like plan: add ann, and the store must then hold no user but bob, carl and ann.
        var batch = Store.BeginBatch(ChangeSource.Cmdlet("Test"));
        batch.Apply(NewUser("ann"));
        batch.Expect(state => state.Users.Keys.Except(["bob", "carl", "ann"]).FirstOrDefault() is { } extra ? $"{extra} would have to go." : null);
        var other = Store.BeginBatch(ChangeSource.Cmdlet("Test"));
        other.Apply(NewUser("eve"));
        Store.Commit(other);
        var version = Store.Read().Version;

        var refused = CommitRefused(batch);

        Assert.Equal("PermShell.Store.Conflict", refused.ErrorId);
        Assert.Contains("eve would have to go.", refused.Message, StringComparison.Ordinal);
        Assert.Equal(version, Store.Read().Version);
        Assert.False(Written().Users.ContainsKey("ann"));
    }

    [Fact]
    public void A_plan_is_not_made_again_when_nobody_wrote_in_between()
    {
        var batch = Store.BeginBatch(ChangeSource.Cmdlet("Test"));
        batch.Apply(NewUser("ann"));
        batch.Expect(_ => "never consulted");

        Assert.Single(Store.Commit(batch));
        Assert.True(Written().Users.ContainsKey("ann"));
    }

    [Fact]
    public void The_log_reads_on_after_an_entry_id_as_a_change_feed()
    {
        var last = Store.ReadLog().Last().Id;
        var batch = Store.BeginBatch(ChangeSource.Cmdlet("Test"));
        batch.Apply(NewUser("ann"));
        batch.Apply(new AddGrant("ann", "WIKI_VIEW"));
        Store.Commit(batch);

        Assert.Equal([last + 1, last + 2], Store.ReadLog(after: last).Select(e => e.Id));
        Assert.Equal(["Add Grant"], Store.ReadLog(after: last, last: 1).Select(e => e.Action));
        Assert.Empty(Store.ReadLog(after: last + 2));
    }

    [Fact]
    public void Every_entry_has_time_actor_action_subject_target_and_source_and_chains_to_the_one_before()
    {
        var before = DateTime.UtcNow.AddSeconds(-1);
        var batch = Store.BeginBatch(ChangeSource.Cmdlet("Test"));
        batch.Apply(NewUser("ann"));
        batch.Apply(new AddGrant("ann", "WIKI_VIEW"));
        Store.Commit(batch);

        var log = Store.ReadLog().ToList();
        Assert.Equal(Enumerable.Range(1, log.Count).Select(i => (long)i), log.Select(e => e.Id));
        Assert.Equal("", log[0].PreviousHash);
        for (var i = 1; i < log.Count; i++) Assert.Equal(log[i - 1].Hash, log[i].PreviousHash);
        Assert.All(log.Skip(SetupEntries), e =>
        {
            Assert.Equal(DateTimeKind.Utc, e.Time.Kind);
            Assert.InRange(e.Time, before, DateTime.UtcNow.AddSeconds(1));
            Assert.Equal(Store.Actor, e.Actor);
            Assert.Equal("Test", e.Source);
            Assert.Equal(64, e.Hash.Length);
            Assert.Equal(64, e.Digest.Length);
        });
        Assert.Equal(["Add User ann DisplayName=''; Email=''; IsActive=True; IsSuperuser=False", "Add Grant ann WIKI_VIEW"], LoggedSinceSetup());
        var verification = Store.VerifyLog();
        Assert.True(verification.IsIntact, verification.Message);
        Assert.Equal(log.Count, verification.Entries);
    }

    [Fact]
    public void Updates_log_what_changed_and_a_removal_logs_each_grant_and_membership_it_takes_before_its_own_entry()
    {
        var setup = Store.BeginBatch();
        setup.Apply(new AddGrant("bob", "WIKI_VIEW"));
        setup.Apply(new AddGrant("carl", "WIKI_VIEW"));
        setup.Apply(new AddMember("devs", "bob"));
        setup.Apply(new AddMember("ops", "bob"));
        Store.Commit(setup);
        var seen = Store.ReadLog().Count();

        var batch = Store.BeginBatch();
        batch.Apply(EditUser(batch.State, "carl", u => u with { IsSuperuser = true, Email = "it's@x" }));
        batch.Apply(DropUser(batch.State, "bob"));
        batch.Apply(DropGroup(batch.State, "devs"));
        batch.Apply(DropPermission(batch.State, "WIKI_VIEW"));
        Store.Commit(batch);

        Assert.Equal(new[]
        {
            "Update User carl Email: '' -> 'it''s@x'; IsSuperuser: False -> True",
            "Remove Grant bob WIKI_VIEW", "Remove Member devs bob", "Remove Member ops bob", "Remove User bob",
            "Remove Member staff devs", "Remove Group devs",
            "Remove Grant carl WIKI_VIEW", "Remove Permission WIKI_VIEW",
        }, LoggedSinceSetup().Skip(seen - SetupEntries));
        Assert.True(Store.VerifyLog().IsIntact, Store.VerifyLog().Message);
    }

    [Fact]
    public void A_rename_keeps_grants_and_memberships_both_ways_and_logs_one_entry_naming_both()
    {
        var setup = Store.BeginBatch();
        setup.Apply(new AddGrant("bob", "WIKI_VIEW"));
        setup.Apply(new AddGrant("devs", "WIKI_VIEW"));
        setup.Apply(new AddMember("devs", "bob"));
        setup.Apply(new AddMember("devs", "carl"));
        setup.Apply(EditUser(setup.State, "bob", u => u with { Email = "bob@x" }));
        Store.Commit(setup);
        var seen = Store.ReadLog().Count();

        var batch = Store.BeginBatch();
        batch.Apply(new RenameUser(batch.State.Users["bob"], "robert"));
        batch.Apply(new RenameGroup(batch.State.Groups["devs"], "developers"));
        var expected = ManifestWriter.Write(batch.State);
        Store.Commit(batch);

        var state = Written();
        Assert.Equal(expected, ManifestWriter.Write(state));
        Assert.Equal(expected, ManifestWriter.Write(Store.Snapshot().State));
        Assert.False(state.Users.ContainsKey("bob"));
        Assert.Equal("bob@x", state.Users["robert"].Email);
        Assert.Equal(["WIKI_VIEW"], state.GrantsOf("robert"));
        Assert.Equal(["WIKI_VIEW"], state.GrantsOf("developers"));
        Assert.Equal(["carl", "robert"], state.MembersOf("developers").Order(StringComparer.Ordinal));
        Assert.Equal(["developers"], state.MembersOf("staff"));
        Assert.Equal(["developers", "staff"], Store.Snapshot().GroupsOf("robert"));
        Assert.True(Store.Snapshot().Check("robert", "WIKI_VIEW"));
        Assert.Equal(["Rename User bob robert", "Rename Group devs developers"], LoggedSinceSetup().Skip(seen - SetupEntries));
        Assert.True(Store.VerifyLog().IsIntact, Store.VerifyLog().Message);
    }

    [Fact]
    public void A_user_rename_carries_the_policy_entries_and_group_places_for_the_old_name_in_place_and_the_log_still_verifies()
    {
        var setup = Store.BeginBatch();
        setup.Apply(new AddMember("devs", "bob"));
        setup.Apply(new AddPolicy(new PolicySection("wiki:Private*", [new PolicyRule("bob", ["!WIKI_VIEW"]), new PolicyRule("@devs", ["WIKI_VIEW"])]), 0));
        setup.Apply(new AddPolicy(new PolicySection("wiki:*", [new PolicyRule("*", []), new PolicyRule("bobby", ["WIKI_VIEW"])]), 1));
        setup.Apply(new AddPolicy(new PolicySection("groups", [new PolicyRule("devs", ["bob", "carl"])]), 2));
        Store.Commit(setup);
        var seen = Store.ReadLog().Count();
        Assert.False(Store.Snapshot().Decide("bob", "WIKI_VIEW", "wiki:PrivatePage").Allowed);

        var batch = Store.BeginBatch();
        batch.Apply(new RenameUser(batch.State.Users["bob"], "robert"));
        batch.Apply(new RenameGroup(batch.State.Groups["devs"], "developers"));
        Store.Commit(batch);

        // '@devs' is the policy's own group ([groups]), so the store group's rename leaves it; bob's place in it moves.
        string[] expected = ["[wiki:Private*] robert = !WIKI_VIEW; @devs = WIKI_VIEW", "[wiki:*] * =; bobby = WIKI_VIEW", "[groups] devs = robert, carl"];
        Assert.Equal(expected, Written().Policies.Select(p => $"{p} {string.Join("; ", p.Rules)}"));
        Assert.Equal(expected, Store.Snapshot().State.Policies.Select(p => $"{p} {string.Join("; ", p.Rules)}"));
        Assert.False(Store.Snapshot().Decide("robert", "WIKI_VIEW", "wiki:PrivatePage").Allowed);
        // carl holds WIKI_VIEW on the page only through the entry for his policy group, which is no store group.
        Assert.Equal(RouteKind.Policy, Assert.Single(Store.Snapshot().Decide("carl", "WIKI_VIEW", "wiki:PrivatePage").Routes).Kind);
        Assert.Equal(["Rename User bob robert", "Rename Group devs developers"], LoggedSinceSetup().Skip(seen - SetupEntries));
        Assert.True(Store.VerifyLog().IsIntact, Store.VerifyLog().Message);
    }

    [Fact]
    public void The_log_reads_by_predicate_time_and_last_and_keeps_oldest_first()
    {
        var batch = Store.BeginBatch();
        foreach (var name in new[] { "u1", "u2", "u3" }) batch.Apply(NewUser(name));
        foreach (var name in new[] { "u1", "u2", "u3" }) batch.Apply(new AddGrant(name, "WIKI_VIEW"));
        Store.Commit(batch);
        var all = Store.ReadLog().Select(e => e.Id).ToArray();
        var grants = all[^3..];

        Assert.Equal(grants, Store.ReadLog(filter: e => e.Action == "Add Grant").Select(e => e.Id));
        Assert.Equal(grants[1..], Store.ReadLog(last: 2, filter: e => e.Action == "Add Grant").Select(e => e.Id));
        Assert.Equal(all[^4..], Store.ReadLog(last: 4).Select(e => e.Id));
        Assert.Empty(Store.ReadLog(last: 0));
        Assert.Empty(Store.ReadLog(since: DateTime.UtcNow.AddMinutes(1)));
        Assert.Equal(all, Store.ReadLog(since: DateTime.UtcNow.AddMinutes(-1)).Select(e => e.Id));
    }

    [Fact]
    public void Every_commit_makes_a_new_version_with_its_own_snapshot_and_reads_between_commits_share_one()
    {
        var (first, atFirst) = Store.Read();
        var (again, atAgain) = Store.Read();
        Assert.Equal(atFirst, atAgain);
        Assert.Same(first, again);

        var batch = Store.BeginBatch();
        batch.Apply(NewUser("ann"));
        Store.Commit(batch);
        var (second, atSecond) = Store.Read();
        batch = Store.BeginBatch();
        batch.Apply(new AddGrant("ann", "WIKI_VIEW"));
        Store.Commit(batch);
        var (third, atThird) = Store.Read();

        Assert.Equal([atFirst.Revision + 1, atFirst.Revision + 2], new[] { atSecond.Revision, atThird.Revision });
        Assert.Equal(3, new[] { atFirst.StoreId, atSecond.StoreId, atThird.StoreId }.Distinct().Count());
        Assert.NotSame(first, second);
        Assert.False(first.State.Users.ContainsKey("ann"));   // a snapshot handed out earlier does not change
        Assert.True(second.State.Users.ContainsKey("ann"));
        Assert.Contains("WIKI_VIEW", third.State.GrantsOf("ann"));
        var info = Store.Info(isDefault: false);
        Assert.Equal((Store.Location, atThird.Revision, 3, 3, 1), (info.Path, info.Revision, info.Users, info.Groups, info.Grants));
    }

    [Fact]
    public void A_batch_still_valid_after_another_commit_is_written_whole()
    {
        var mine = Store.BeginBatch();
        mine.Apply(NewUser("ann"));
        mine.Apply(new AddGrant("ann", "WIKI_VIEW"));
        var theirs = Store.BeginBatch();
        theirs.Apply(DropUser(theirs.State, "carl"));
        Store.Commit(theirs);

        Store.Commit(mine);

        var state = Written();
        Assert.Contains("WIKI_VIEW", state.GrantsOf("ann"));
        Assert.False(state.Users.ContainsKey("carl"));
        Assert.True(Store.VerifyLog().IsIntact);
    }

    [Fact]
    public void A_change_already_made_by_another_writer_is_skipped_not_written_twice()
    {
        var mine = Store.BeginBatch();
        mine.Apply(new AddGrant("bob", "WIKI_VIEW"));
        mine.Apply(new AddMember("devs", "bob"));
        var theirs = Store.BeginBatch();
        theirs.Apply(new AddGrant("bob", "WIKI_VIEW"));
        Store.Commit(theirs);
        var logged = Store.ReadLog().Count();

        var written = Store.Commit(mine);

        Assert.Equal(new[] { new AddMember("devs", "bob") }, written);
        Assert.Equal(logged + 1, Store.ReadLog().Count());
    }

    [Fact]
    public void A_rename_another_writer_already_made_is_skipped_and_changes_to_the_new_name_still_apply()
    {
        var mine = Store.BeginBatch();
        mine.Apply(new RenameGroup(mine.State.Groups["staff"], "crew"));
        mine.Apply(new AddMember("crew", "bob"));
        var theirs = Store.BeginBatch();
        theirs.Apply(new RenameGroup(theirs.State.Groups["staff"], "crew"));
        Store.Commit(theirs);

        var written = Store.Commit(mine);

        Assert.Equal(new Change[] { new AddMember("crew", "bob") }, written);
        Assert.Equal(["bob", "devs"], Written().MembersOf("crew").Order(StringComparer.Ordinal));
        Assert.True(Store.VerifyLog().IsIntact, Store.VerifyLog().Message);
    }

    [Fact]
    public void A_policy_section_changed_meanwhile_is_a_conflict_and_the_same_section_added_twice_is_skipped()
    {
        var section = new PolicySection("wiki:*", [new PolicyRule("*", [])]);
        var mine = Store.BeginBatch();
        mine.Apply(new AddPolicy(section, 0));
        var theirs = Store.BeginBatch();
        theirs.Apply(new AddPolicy(section, 0));
        Store.Commit(theirs);
        Assert.Empty(Store.Commit(mine));

        var edit = Store.BeginBatch();
        edit.Apply(new UpdatePolicy(section, section with { Rules = [new PolicyRule("bob", ["WIKI_VIEW"])] }));
        var other = Store.BeginBatch();
        other.Apply(new UpdatePolicy(section, section with { Rules = [new PolicyRule("bob", ["!WIKI_VIEW"])] }));
        Store.Commit(other);

        Assert.Equal("PermShell.Store.Conflict", CommitRefused(edit).ErrorId);
        Assert.Equal("bob = !WIKI_VIEW", Assert.Single(Assert.Single(Written().Policies).Rules).ToString());
    }

    [Fact]
    public void An_edit_of_a_record_changed_meanwhile_is_a_conflict_and_writes_nothing()
    {
        var mine = Store.BeginBatch();
        mine.Apply(NewUser("ann"));
        mine.Apply(EditUser(mine.State, "bob", u => u with { Email = "bob@mine" }));
        var theirs = Store.BeginBatch();
        theirs.Apply(EditUser(theirs.State, "bob", u => u with { DisplayName = "Robert" }));
        Store.Commit(theirs);
        var logged = Store.ReadLog().Count();
        var version = Store.Read().Version;

        var refused = CommitRefused(mine);

        Assert.Equal("PermShell.Store.Conflict", refused.ErrorId);
        Assert.Contains("bob", refused.Message);
        var state = Written();
        Assert.Equal("Robert", state.Users["bob"].DisplayName);   // their edit is not overwritten
        Assert.Equal("", state.Users["bob"].Email);
        Assert.False(state.Users.ContainsKey("ann"));             // nothing of my batch was written
        Assert.Equal(logged, Store.ReadLog().Count());
        Assert.Equal(version, Store.Read().Version);
        Assert.True(Store.VerifyLog().IsIntact, Store.VerifyLog().Message);
    }

    [Theory]
    [InlineData("grant to a user removed meanwhile")]
    [InlineData("a name taken meanwhile")]
    [InlineData("a membership that now closes a cycle")]
    [InlineData("a grant of a permission removed meanwhile")]
    [InlineData("a new name taken meanwhile")]
    [InlineData("a renamed user edited meanwhile")]
    public void A_change_that_no_longer_holds_is_a_conflict_never_a_raw_backend_error(string race)
    {
        var mine = Store.BeginBatch();
        var theirs = Store.BeginBatch();
        switch (race)
        {
            case "grant to a user removed meanwhile":
                mine.Apply(new AddGrant("carl", "WIKI_VIEW"));
                theirs.Apply(DropUser(theirs.State, "carl"));
                break;
            case "a name taken meanwhile":
                mine.Apply(NewUser("ann"));
                theirs.Apply(NewGroup("ann"));
                break;
            case "a membership that now closes a cycle":
                // staff holds devs. Mine puts staff in ops; theirs puts ops in devs: together, ops > staff > devs > ops.
                mine.Apply(new AddMember("ops", "staff"));
                theirs.Apply(new AddMember("devs", "ops"));
                break;
            case "a grant of a permission removed meanwhile":
                mine.Apply(new AddGrant("bob", "WIKI_VIEW"));
                theirs.Apply(DropPermission(theirs.State, "WIKI_VIEW"));
                break;
            case "a new name taken meanwhile":
                mine.Apply(new RenameUser(mine.State.Users["bob"], "ann"));
                theirs.Apply(NewGroup("ann"));
                break;
            case "a renamed user edited meanwhile":
                mine.Apply(new RenameUser(mine.State.Users["bob"], "robert"));
                theirs.Apply(EditUser(theirs.State, "bob", u => u with { Email = "bob@theirs" }));
                break;
        }
        Store.Commit(theirs);
        var before = ManifestWriter.Write(Written());

        var refused = CommitRefused(mine);

        Assert.Equal("PermShell.Store.Conflict", refused.ErrorId);
        Assert.Equal(before, ManifestWriter.Write(Written()));
    }

    [Fact]
    public void A_batch_staged_against_an_unchanged_store_is_not_rechecked()
    {
        // Within one batch, later changes may depend on earlier ones (a user, then its grant): written as staged.
        var batch = Store.BeginBatch();
        batch.Apply(NewUser("ann"));
        batch.Apply(new AddGrant("ann", "WIKI_VIEW"));
        batch.Apply(DropUser(batch.State, "ann"));

        Assert.Equal(3, Store.Commit(batch).Count);
        Assert.False(Written().Users.ContainsKey("ann"));
    }

    [Fact]
    public void An_empty_batch_writes_nothing()
    {
        var version = Store.Read().Version;
        var logged = Store.ReadLog().Count();

        Assert.Empty(Store.Commit(Store.BeginBatch()));

        Assert.Equal(version, Store.Read().Version);
        Assert.Equal(logged, Store.ReadLog().Count());
    }
}

/// <summary>The contract on a SQLite store file.</summary>
public sealed class SqliteStoreContractTests : StoreContractTests
{
    private readonly TempStoreFolder _folder = new();

    protected override IPermissionStore NewStore() => PermissionStore.Create(_folder.File(), StoreTemplateKind.Empty, overwrite: false);

    // A store object with its own snapshot cache reads the file, as another process would.
    protected override PermissionState Written() => PermissionStore.Open(Store.Location, createIfMissing: false, new SnapshotCache()).Snapshot().State;

    public override void Dispose()
    {
        _folder.Dispose();
        base.Dispose();
    }
}

/// <summary>The contract on the in-memory store.</summary>
public sealed class InMemoryStoreContractTests : StoreContractTests
{
    protected override IPermissionStore NewStore() => new InMemoryPermissionStore();

    // There is no other process: what the store holds is what it returns.
    protected override PermissionState Written() => Store.Read().Snapshot.State;
}

/// <summary>The contract on a PostgreSQL store, in a schema of its own in the test run's cluster.</summary>
public sealed class PostgresStoreContractTests : StoreContractTests
{
    private TestDatabase? _database;

    protected override IPermissionStore NewStore()
    {
        _database = new TestDatabase();
        return PostgresPermissionStore.Create(_database.ConnectionString, StoreTemplateKind.Empty, overwrite: false);
    }

    // A store object with its own snapshot cache reads the database, as another machine would.
    protected override PermissionState Written() =>
        PostgresPermissionStore.Open(_database!.ConnectionString, createIfMissing: false, new SnapshotCache()).Snapshot().State;

    public override void Dispose()
    {
        _database?.Dispose();
        base.Dispose();
    }
}
