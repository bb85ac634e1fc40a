using System.Diagnostics;
using Microsoft.Data.Sqlite;
using PermShell.Core.Administration;
using PermShell.Core.Engine;
using PermShell.Core.Store;
using PermShell.Core.Tests.Administration;
using PermShell.Core.Tests.Store;

namespace PermShell.Core.Tests.Hostile;

/// <summary>
/// Shapes that break recursive code and quadratic loops: a 10,000-deep chain of nested groups, and one group with
/// 1,000,000 members. Both go through the store (written, reloaded from SQLite) and the engine (check, explain,
/// cycle detection), without a stack overflow and in seconds.
/// </summary>
public sealed class ScaleTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly TempStoreFolder _folder = new(preferMemory: true);

    public void Dispose() => _folder.Dispose();

    /// <summary>The same store file under a second path, so that nothing is answered from the in-process cache.</summary>
    private string Uncached(string path)
    {
        var copy = _folder.File($"copy-{Guid.NewGuid():N}.db");
        File.Copy(path, copy);
        return copy;
    }

    [Fact]
    public void A_10000_deep_chain_of_groups_is_stored_resolved_explained_and_guarded_against_cycles()
    {
        const int depth = 10_000;
        var clock = Stopwatch.StartNew();
        var store = PermissionStore.Create(_folder.File(), StoreTemplateKind.Empty, overwrite: false);
        using (var w = store.BeginWrite())
        {
            w.Apply(new AddPermission(new PermissionDefinition { Name = "WIKI_VIEW" }));
            w.Apply(new AddUser(new User { Name = "deep" }));
            for (var i = 0; i < depth; i++) w.Apply(new AddGroup(new Group { Name = $"g{i}" }));
            // g(i+1) is in g(i); the user is in the innermost group; the grant is on the outermost.
            for (var i = 0; i + 1 < depth; i++) w.Apply(new AddMember($"g{i}", $"g{i + 1}"));
            w.Apply(new AddMember($"g{depth - 1}", "deep"));
            w.Apply(new AddGrant("g0", "WIKI_VIEW"));
            w.Commit();
        }
        var written = clock.Elapsed;

        var snapshot = PermissionStore.Open(Uncached(store.Path)).Snapshot();
        Assert.True(snapshot.Check("deep", "WIKI_VIEW"));
        var route = Assert.Single(snapshot.Explain("deep", "WIKI_VIEW"));
        Assert.Equal(RouteKind.Group, route.Kind);
        Assert.Equal(depth, route.Groups.Count);
        Assert.Equal(depth, snapshot.GroupsOf("deep").Count);
        Assert.Equal(depth, snapshot.MembersOf("g0", recurse: true).Count);

        // Closing the ring is refused, and the error shows the whole cycle.
        var cycle = snapshot.FindMembershipCycle($"g{depth - 1}", "g0");
        Assert.NotNull(cycle);
        Assert.True(cycle!.Count > depth);
        {
            var batch = store.BeginBatch();
            var host = new RecordingHost();
            new SubjectAdministration(batch, host).AddMembers($"g{depth - 1}", ["g0"]);
            Assert.Contains(host.Errors, e => e.ErrorId == "PermShell.Group.MembershipCycle");
            Assert.Equal(0, batch.Count);
        }
        Assert.True(store.VerifyLog().IsIntact);
        output.WriteLine($"10,000-deep chain: written in {written.TotalSeconds:n1} s, all in {clock.Elapsed.TotalSeconds:n1} s");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed} (writing {written})");
    }

    [Fact]
    public void A_group_of_1000000_members_loads_resolves_and_takes_one_more_member_quickly()
    {
        const int members = 1_000_000;
        var store = PermissionStore.Create(_folder.File(), StoreTemplateKind.Empty, overwrite: false);
        using (var w = store.BeginWrite())
        {
            w.Apply(new AddPermission(new PermissionDefinition { Name = "WIKI_VIEW" }));
            w.Apply(new AddGroup(new Group { Name = "everyone" }));
            w.Apply(new AddGrant("everyone", "WIKI_VIEW"));
            w.Commit();
        }
        // A million users and memberships in one raw transaction: the point is reading, resolving and changing such a
        // store, not logging a million cmdlet calls.
        using (var c = new SqliteConnection($"Data Source={store.Path};Pooling=False"))
        {
            c.Open();
            using var tx = c.BeginTransaction();
            using var insert = c.CreateCommand();
            insert.CommandText = $"""
                WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {members - 1})
                INSERT INTO subject(name, kind) SELECT 'u' || i, 'user' FROM n;
                WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {members - 1})
                INSERT INTO membership(group_name, member_name) SELECT 'everyone', 'u' || i FROM n;
                UPDATE meta SET value = value + 1 WHERE key = 'revision';
                """;
            insert.ExecuteNonQuery();
            tx.Commit();
        }

        var clock = Stopwatch.StartNew();
        var big = PermissionStore.Open(store.Path);
        var snapshot = big.Snapshot();
        var loaded = clock.Elapsed;
        clock.Restart();
        Assert.True(snapshot.Check("u999999", "WIKI_VIEW"));
        Assert.Equal("everyone", Assert.Single(snapshot.Explain("u0", "WIKI_VIEW")).Via);
        Assert.Equal(members, snapshot.State.MembersOf("everyone").Count);
        var resolved = clock.Elapsed;

        clock.Restart();
        {
            var batch = big.BeginBatch();
            var host = new RecordingHost();
            batch.Apply(new AddUser(new User { Name = "newcomer" }));
            new SubjectAdministration(batch, host).AddMembers("everyone", ["newcomer"]);
            Assert.Empty(host.Errors);
            big.Commit(batch);
        }
        var changed = clock.Elapsed;
        output.WriteLine($"1,000,000 members: loaded in {loaded.TotalSeconds:n1} s, resolved in {resolved.TotalMilliseconds:n0} ms, one more member in {changed.TotalSeconds:n1} s");
        Assert.True(big.Snapshot().Check("newcomer", "WIKI_VIEW"));
        Assert.True(loaded < TimeSpan.FromSeconds(30), $"loading took {loaded}");
        Assert.True(resolved < TimeSpan.FromSeconds(2), $"resolving took {resolved}");
        Assert.True(changed < TimeSpan.FromSeconds(15), $"one more member took {changed}");
    }
}
