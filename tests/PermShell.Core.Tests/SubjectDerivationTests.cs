using PermShell.Core.Engine;

namespace PermShell.Core.Tests;

/// <summary>
/// Users and groups added and removed through <see cref="PermissionSnapshot.With"/>: the derived snapshot keeps ids
/// stable (new names appended, removed ones left as tombstones) and must still answer, list and break ties in name
/// order exactly like a snapshot indexed from scratch of the same state (the full answer list of
/// <see cref="IncrementalSnapshotProperties.Answers"/>: checks, decisions and routes, effective permissions,
/// memberships both ways, the audit and the graphs).
/// </summary>
public class SubjectDerivationTests
{
    [Fact]
    public void Users_added_with_names_sorting_first_last_and_between_are_listed_in_name_order()
    {
        var before = new StateBuilder().Permission("P").Permission("Q", "P")
            .User("b").User("d").User("f").Group("g", "b", "d", "f").Grant("g", "Q").Snapshot();
        var derived = Commit(before, new AddUser(User("e")), new AddUser(User("B")), new AddUser(User("a")), new AddUser(User("zz")),
            new AddMember("g", "zz"), new AddMember("g", "a"), new AddMember("g", "e"), new AddMember("g", "B"));

        Assert.Equal(["B", "a", "b", "d", "e", "f", "zz"], derived.MembersOf("g", recurse: false).Select(m => m.Member));
        Assert.Equal(["B", "a", "b", "d", "e", "f", "zz"], derived.Audit.Holders("P").Select(h => h.User));
        Assert.Equal(["B", "a", "b", "d", "e", "f", "zz"], derived.MembersOf("g", recurse: true).Select(m => m.Member));
        AssertLikeScratch(derived);
    }

    [Fact]
    public void A_name_removed_and_added_again_starts_with_nothing_in_one_change_set_and_across_two()
    {
        var before = new StateBuilder().Permission("P").User("bob").User("carol").Group("g", "bob").Grant("g", "P").Grant("bob", "P").Snapshot();

        var sameSet = Commit(before, new RemoveUser(before.State.Users["bob"]), new AddUser(User("bob")));
        var removed = Commit(before, new RemoveUser(before.State.Users["bob"]));
        var twoSets = Commit(removed, new AddUser(User("bob")));
        var addedBack = Commit(twoSets, new AddMember("g", "bob"));

        foreach (var snapshot in new[] { sameSet, twoSets })
        {
            Assert.False(snapshot.Check("bob", "P"));
            Assert.Empty(snapshot.GroupsOf("bob"));
            Assert.Empty(snapshot.MembersOf("g", recurse: false));
        }
        Assert.False(removed.Check("bob", "P"));
        Assert.IsType<DenialReason.UnknownSubject>(removed.Decide("bob", "P").Reasons.Single());
        Assert.True(addedBack.Check("bob", "P"));
        foreach (var snapshot in new[] { sameSet, removed, twoSets, addedBack }) AssertLikeScratch(snapshot);
        // The snapshots derived from are untouched.
        Assert.True(before.Check("bob", "P"));
        Assert.Equal(["g"], before.GroupsOf("bob"));
    }

    [Fact]
    public void A_removed_group_leaves_the_groups_it_was_in_and_its_members()
    {
        var before = new StateBuilder().Permission("P").Permission("Q").User("u").User("v")
            .Group("inner", "u").Group("middle", "inner", "v").Group("outer", "middle").Group("other", "middle")
            .Grant("middle", "P").Grant("outer", "Q").Snapshot();

        var derived = Commit(before, new RemoveGroup(before.State.Groups["middle"]));

        Assert.False(derived.Check("u", "P"));
        Assert.False(derived.Check("u", "Q"));
        Assert.Empty(derived.MembersOf("outer", recurse: true));
        Assert.Empty(derived.MembershipsOf("inner", recurse: true));
        Assert.Equal(["inner"], derived.GroupsOf("u"));
        Assert.True(before.Check("u", "Q"));
        AssertLikeScratch(derived);
    }

    [Fact]
    public void Hundreds_of_users_added_one_commit_at_a_time_are_all_found_after_the_name_dictionary_is_merged()
    {
        var builder = new StateBuilder().Permission("P").Permission("Q", "P").Group("g").Grant("g", "Q");
        for (var i = 0; i < 50; i += 2) builder.User($"user{i:D4}").Group("g", $"user{i:D4}");
        var snapshot = builder.Snapshot();
        // More additions than SubjectNames keeps beside the shared dictionary, twice over, with removals between.
        for (var i = 1; i < 2 * SubjectNames.MaxAdded + 200; i++)
        {
            var name = $"user{(i * 7919) % 10000:D4}";
            snapshot = snapshot.State.Users.ContainsKey(name)
                ? Commit(snapshot, new RemoveUser(snapshot.State.Users[name]))
                : Commit(snapshot, new AddUser(User(name)), new AddMember("g", name));
        }

        foreach (var name in snapshot.State.Users.Keys)
            Assert.True(snapshot.Check(name, "P"), name);
        Assert.Equal(snapshot.State.Users.Keys.Order(StringComparer.Ordinal), snapshot.Audit.Holders("P").Select(h => h.User));
        AssertLikeScratch(snapshot);
    }

    [Fact]
    public void Removed_subjects_are_reclaimed_by_a_full_index_once_their_slots_pile_up()
    {
        var builder = new StateBuilder().Permission("P").Group("g");
        for (var i = 0; i < 1500; i++) builder.User($"u{i:D4}").Group("g", $"u{i:D4}");
        builder.Grant("g", "P");
        var snapshot = builder.Snapshot();
        var reclaimed = false;
        for (var i = 0; i < 1200; i++)
        {
            snapshot = Commit(snapshot, new RemoveUser(snapshot.State.Users[$"u{i:D4}"]));
            reclaimed |= snapshot.Subjects.RemovedCount == 0;
            Assert.True(snapshot.Subjects.RemovedCount <= 1024);
        }
        Assert.True(reclaimed);
        Assert.Equal(300, snapshot.MembersOf("g", recurse: false).Count);
        AssertLikeScratch(snapshot);
    }

    /// <summary>
    /// Random change sets over a store of a few hundred subjects with nested groups, from a fixed seed: every kind of
    /// subject change (adds and removals of users and groups included, names sorting anywhere, names coming back),
    /// with grants and memberships between, and every derived snapshot compared with one indexed from scratch.
    /// </summary>
    [Fact]
    public void Random_change_sets_from_a_fixed_seed_derive_snapshots_that_answer_like_ones_built_from_scratch()
    {
        var random = new Random(20261205);
        for (var history = 0; history < 12; history++)
        {
            var snapshot = RandomStore(random).Snapshot();
            for (var commit = 0; commit < 15; commit++)
            {
                IncrementalSnapshotProperties.Warm(snapshot);
                var after = snapshot.State.Clone();
                var changes = new List<Change>();
                for (var n = random.Next(1, 6); n > 0; n--)
                {
                    var change = RandomChange(random, after);
                    StateChanges.Apply(after, change);
                    changes.Add(change);
                }
                var derived = snapshot.With(after, changes);
                Assert.Equal(IncrementalSnapshotProperties.Answers(new PermissionSnapshot(after.Clone())), IncrementalSnapshotProperties.Answers(derived));
                snapshot = derived;
            }
        }
    }

    private static StateBuilder RandomStore(Random random)
    {
        var builder = new StateBuilder().Permission("VIEW").Permission("EDIT", "VIEW").Permission("ADMIN", "*")
            .Permission("TICKET_VIEW").Permission("TICKET_ADMIN", "TICKET_*");
        for (var i = 0; i < 60; i++) builder.User($"u{random.Next(1000):D3}", active: random.Next(6) > 0, superuser: random.Next(30) == 0);
        var users = builder.State.Users.Keys.ToArray();
        for (var g = 0; g < 8; g++)
        {
            var group = $"g{random.Next(100):D2}";
            builder.Group(group, Enumerable.Range(0, random.Next(8)).Select(_ => users[random.Next(users.Length)]).ToArray());
        }
        var groups = builder.State.Groups.Keys.Order(StringComparer.Ordinal).ToArray();
        for (var g = 1; g < groups.Length; g++)
            if (random.Next(2) == 0) builder.Group(groups[random.Next(g)], groups[g]); // nested, without cycles
        foreach (var subject in users.Concat(groups).Append(PermissionState.Anonymous))
            if (random.Next(3) == 0) builder.Grant(subject, Pick(random, builder.State.Permissions.Keys.ToArray()));
        return builder;
    }

    private static Change RandomChange(Random random, PermissionState state)
    {
        var users = state.Users.Keys.Order(StringComparer.Ordinal).ToArray();
        var groups = state.Groups.Keys.Order(StringComparer.Ordinal).ToArray();
        var permissions = state.Permissions.Keys.Order(StringComparer.Ordinal).ToArray();
        var subjects = users.Concat(groups).ToArray();
        // New names sort before, between and after the others; some of them were there before and come back.
        string NewName(string prefix) => random.Next(4) switch
        {
            0 => prefix.ToUpperInvariant() + random.Next(10),
            1 => "zz" + prefix + random.Next(10),
            _ => prefix + random.Next(1000).ToString("D3"),
        };
        switch (random.Next(10))
        {
            case 0 or 1:
                var user = NewName("u");
                return state.KindOf(user) is null ? new AddUser(User(user, superuser: random.Next(10) == 0)) : new RemoveUser(state.Users[user]);
            case 2 when users.Length > 0:
                return new RemoveUser(state.Users[Pick(random, users)]);
            case 3:
                var group = NewName("g");
                return state.KindOf(group) is null ? new AddGroup(new Group { Name = group }) : new AddGrant(group, Pick(random, permissions));
            case 4 when groups.Length > 0:
                return new RemoveGroup(state.Groups[Pick(random, groups)]);
            case 5 or 6 when groups.Length > 0 && subjects.Length > 0:
                var into = Pick(random, groups);
                var member = Pick(random, subjects.Append(PermissionState.Authenticated).ToArray());
                // Only memberships that close no cycle, as the rule book allows.
                return member == into || MembershipPaths.Cycle(state, into, member) is not null
                    ? new RemoveMember(into, member)
                    : new AddMember(into, member);
            case 7 when subjects.Length > 0:
                return new AddGrant(Pick(random, subjects), Pick(random, permissions));
            case 8 when state.Grants.Count > 0:
                var (holder, granted) = Pick(random, state.Grants.SelectMany(g => g.Value.Select(p => (g.Key, p))).Order().ToArray());
                return new RemoveGrant(holder, granted);
            case 9 when users.Length > 0:
                var record = state.Users[Pick(random, users)];
                return new UpdateUser(record, record with { IsActive = !record.IsActive });
            default:
                return new AddGrant(PermissionState.Authenticated, Pick(random, permissions));
        }
    }

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    private static User User(string name, bool superuser = false) => new() { Name = name, IsActive = true, IsSuperuser = superuser };

    /// <summary>The snapshot derived from <paramref name="before"/> and the changes (applied to a clone of its state).</summary>
    private static PermissionSnapshot Commit(PermissionSnapshot before, params Change[] changes)
    {
        var after = before.State.Clone();
        foreach (var change in changes) StateChanges.Apply(after, change);
        return before.With(after, changes);
    }

    private static void AssertLikeScratch(PermissionSnapshot derived) =>
        Assert.Equal(IncrementalSnapshotProperties.Answers(new PermissionSnapshot(derived.State.Clone())), IncrementalSnapshotProperties.Answers(derived));
}
