using CsCheck;
using PermShell.Core.Engine;
using PermShell.Core.Store;

namespace PermShell.Core.Tests.Store;

/// <summary>
/// A process that has no snapshot of a store yet answers its first checks from a partial snapshot (issue 11): only the
/// catalog, the subjects asked about, their groups and the virtual subjects. On random stores (cycles included), every
/// decision it gives (allowed, routes, reasons) and every effective permission must be the whole store's.
/// </summary>
public sealed class PartialStateLoaderProperties : IDisposable
{
    private readonly TempStoreFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static readonly Gen<(PermissionState State, int[] Picks)> Cases =
        from state in ResolutionProperties.States
        from picks in Gen.Int[0, 99].Array[1, 3]
        select (state, picks);

    [Fact]
    public void Partial_snapshots_decide_as_the_whole_store_does() =>
        Cases.Sample(c => AgreesWithWholeStore(c.State, c.Picks), iter: 60, threads: 1);

    private void AgreesWithWholeStore(PermissionState generated, int[] picks)
    {
        var path = _folder.File($"{Guid.NewGuid():N}.db");
        PermissionStore.Create(path, StoreTemplateKind.Empty, overwrite: false);
        // A new cache plays a new process: nothing of this store is cached in it.
        var store = PermissionStore.Open(path, createIfMissing: false, new SnapshotCache());
        using (var writer = store.BeginWrite())
        {
            foreach (var change in StateAsChanges.Additions(Storable(generated))) writer.Apply(change);
            writer.Commit();
        }
        var fresh = PermissionStore.Open(path, createIfMissing: false, new SnapshotCache());
        var subjects = Subjects(generated);
        var asked = picks.Select(p => subjects[p % subjects.Length]).Distinct().ToArray();

        using var connection = fresh.Connect();
        var partial = fresh.ReadOn(connection, asked);
        Assert.True(partial.Partial);
        var whole = fresh.ReadOn(connection).Snapshot;
        var permissions = whole.State.Permissions.Keys.Append("NOT_IN_CATALOG").ToArray();
        foreach (var subject in asked)
        {
            Assert.Equal(Text(whole.Effective(subject)), Text(partial.Snapshot.Effective(subject)));
            foreach (var permission in permissions)
                Assert.Equal(Text(whole.Decide(subject, permission)), Text(partial.Snapshot.Decide(subject, permission)));
        }
        Assert.Equal(Text(whole.DecideAll(asked, permissions)), Text(partial.Snapshot.DecideAll(asked, permissions)));
    }

    [Fact]
    public void An_unknown_subject_or_an_enforced_store_is_read_whole()
    {
        var path = _folder.File();
        var store = PermissionStore.Create(path, StoreTemplateKind.Empty, overwrite: false);
        using (var writer = store.BeginWrite())
        {
            writer.Apply(new AddUser(new User { Name = "bob" }));
            writer.Commit();
        }
        var fresh = PermissionStore.Open(path, createIfMissing: false, new SnapshotCache());
        using var connection = fresh.Connect();
        Assert.True(fresh.ReadOn(connection, ["bob"]).Partial);
        Assert.False(fresh.ReadOn(connection, ["bob", "bobb"]).Partial);

        using (var writer = store.BeginWrite())
        {
            writer.SetEnforced(true);
            writer.Commit();
        }
        var again = PermissionStore.Open(path, createIfMissing: false, new SnapshotCache());
        using var second = again.Connect();
        Assert.False(again.ReadOn(second, ["bob"]).Partial);
    }

    private static string[] Subjects(PermissionState state) =>
        [.. state.Users.Keys, .. state.Groups.Keys, PermissionState.Anonymous, PermissionState.Authenticated];

    /// <summary>The generated state without what a store cannot hold: grants of permissions not in the catalog, members that are no subjects.</summary>
    private static PermissionState Storable(PermissionState generated)
    {
        var state = new PermissionState();
        foreach (var (name, definition) in generated.Permissions) state.Permissions[name] = definition;
        foreach (var (name, user) in generated.Users) state.Users[name] = user;
        foreach (var (name, group) in generated.Groups) state.Groups[name] = group;
        foreach (var (group, members) in generated.Members)
            state.Members[group] = members.Where(m => generated.KindOf(m) is not null).ToHashSet(StringComparer.Ordinal);
        foreach (var (subject, granted) in generated.Grants)
            if (generated.KindOf(subject) is not null)
                state.Grants[subject] = granted.Where(generated.Permissions.ContainsKey).ToHashSet(StringComparer.Ordinal);
        return state;
    }

    private static string Text(Decision d) =>
        $"{d.Subject} {d.Permission} {d.Allowed} [{string.Join("; ", d.Routes.Select(Text))}] [{string.Join("; ", d.Reasons.Select(r => r.Text))}]";

    private static string Text(IEnumerable<Decision> decisions) => string.Join(Environment.NewLine, decisions.Select(Text));

    private static string Text(Route r) => $"{r.Kind} {r.Path} via={r.Via} granted={r.Granted} groups={string.Join(">", r.Groups)}";

    private static string Text(IReadOnlyList<EffectivePermission> effective) =>
        string.Join(Environment.NewLine, effective.Select(e => $"{e.Permission}: {string.Join("; ", e.Routes.Select(Text))}"));
}
