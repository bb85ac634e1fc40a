using CsCheck;
using PermShell.Core.Engine;
using PermShell.Core.Reports;

namespace PermShell.Core.Tests;

/// <summary>
/// A snapshot derived from the one before and a change set (<see cref="PermissionSnapshot.With"/>, what the store
/// publishes after a commit) answers exactly like one indexed from scratch, on random states and random change
/// sequences committed in random batches. The older snapshots are queried before each derivation, so caches that the
/// derived snapshot shares (held sets, the groups' closure) are warm and must have been kept or dropped rightly.
/// </summary>
public class IncrementalSnapshotProperties
{
    // Names added and removed: some sort before every other ("A", "B"), some after ("zz", "zgroup"), some between.
    private static readonly string[] GroupNames = ["dev", "Dev", "staff", "ops", "admins", "x", "nogroup", "B", "zgroup"];
    private static readonly string[] NewUserNames = ["n0", "n4", "A", "zz", "m", "u2"];
    private const string Ghost = "ghost";

    private static readonly Gen<(PermissionState State, (int Kind, int A, int B)[] Changes, int BatchSize)> Histories =
        from state in ResolutionProperties.States
        from changes in Gen.Select(Gen.Int[0, 14], Gen.Int[0, 99], Gen.Int[0, 99]).Array[1, 25]
        from batchSize in Gen.Int[1, 4]
        select (state, changes, batchSize);

    [Fact]
    public void Derived_snapshot_answers_like_one_built_from_scratch() =>
        Histories.Sample(h => DerivedAgrees(h.State, h.Changes, h.BatchSize), iter: 300);

    [Fact]
    public void A_derived_snapshot_of_thousands_of_subjects_answers_like_one_built_from_scratch()
    {
        // Index rows are kept in chunks of 1,024 subjects: these changes touch several chunks, and their edges.
        var builder = new StateBuilder().Permission("P0").Permission("P1", "P0");
        for (var i = 0; i < 3000; i++) builder.User($"u{i:D4}");
        builder.Group("g1", "u0001", "u2999").Group("g2", "g1", "u1500").Grant("g2", "P1");
        var before = builder.Snapshot();
        Warm(before);
        var after = before.State.Clone();
        Change[] changes =
        [
            new AddGrant("u2047", "P0"), new AddGrant("u1023", "P1"), new AddMember("g1", "u1024"),
            new RemoveMember("g1", "u2999"), UpdateUser(after.Users["u0001"], 3),
        ];
        foreach (var change in changes) StateChanges.Apply(after, change);

        var derived = before.With(after, changes);
        var scratch = new PermissionSnapshot(after.Clone());
        foreach (var user in after.Users.Keys)
        {
            Assert.Equal(scratch.Check(user, "P0"), derived.Check(user, "P0"));
            Assert.Equal(scratch.Check(user, "P1"), derived.Check(user, "P1"));
            Assert.Equal(scratch.GroupsOf(user), derived.GroupsOf(user));
        }
        Assert.Equal(Answers(scratch).Where(a => !a.StartsWith("decide")), Answers(derived).Where(a => !a.StartsWith("decide")));
        // The snapshot derived from is untouched: rows are copied, never changed under it.
        Assert.False(before.Check("u2047", "P0"));
        Assert.Empty(before.GroupsOf("u1024"));
        Assert.Equal(["g1", "g2"], before.GroupsOf("u2999"));
    }

    private static void DerivedAgrees(PermissionState start, (int Kind, int A, int B)[] steps, int batchSize)
    {
        var snapshot = new PermissionSnapshot(start);
        for (var at = 0; at < steps.Length; at += batchSize)
        {
            Warm(snapshot);
            var after = snapshot.State.Clone();
            var changes = new List<Change>();
            foreach (var step in steps.Skip(at).Take(batchSize))
            {
                var change = ChangeFor(after, step);
                StateChanges.Apply(after, change);
                changes.Add(change);
            }
            var derived = snapshot.With(after, changes);
            Assert.Equal(Answers(new PermissionSnapshot(after.Clone())), Answers(derived));
            snapshot = derived;
        }
    }

    /// <summary>A change picked among grants, revokes, memberships, record updates, and users and groups added (new or existing) and removed.</summary>
    private static Change ChangeFor(PermissionState state, (int Kind, int A, int B) step)
    {
        var (kind, a, b) = step;
        var subjects = Subjects(state).Append(Ghost).ToArray();
        var permissions = state.Permissions.Keys.Order(StringComparer.Ordinal).Append("NOT_IN_CATALOG").ToArray();
        var users = state.Users.Keys.Order(StringComparer.Ordinal).ToArray();
        var groups = state.Groups.Keys.Order(StringComparer.Ordinal).ToArray();
        var grants = state.Grants.SelectMany(g => g.Value.Select(p => (g.Key, p))).Order().ToArray();
        var memberships = state.Members.SelectMany(m => m.Value.Select(member => (m.Key, member))).Order().ToArray();
        return kind switch
        {
            <= 2 => new AddGrant(subjects[a % subjects.Length], permissions[b % permissions.Length]),
            3 when grants.Length > 0 => new RemoveGrant(grants[a % grants.Length].Item1, grants[a % grants.Length].Item2),
            3 => new RemoveGrant(subjects[a % subjects.Length], permissions[b % permissions.Length]),
            <= 5 => new AddMember(GroupNames[a % GroupNames.Length], subjects[b % subjects.Length]),
            6 when memberships.Length > 0 => new RemoveMember(memberships[a % memberships.Length].Item1, memberships[a % memberships.Length].Item2),
            6 => new RemoveMember(GroupNames[a % GroupNames.Length], subjects[b % subjects.Length]),
            7 when users.Length > 0 => UpdateUser(state.Users[users[a % users.Length]], b),
            8 when groups.Length > 0 => new UpdateGroup(state.Groups[groups[a % groups.Length]], state.Groups[groups[a % groups.Length]] with { Description = $"d{b}" }),
            9 => new AddUser(new User { Name = NewUserNames[a % NewUserNames.Length], IsActive = b % 3 != 0 }),
            10 when users.Length > 0 => new RemoveUser(state.Users[users[a % users.Length]]),
            12 => new AddGroup(new Group { Name = GroupNames[a % GroupNames.Length], Description = $"d{b}" }),
            13 when groups.Length > 0 => new RemoveGroup(state.Groups[groups[a % groups.Length]]),
            14 => new AddUser(new User { Name = NewUserNames[a % NewUserNames.Length], IsActive = true, IsSuperuser = b % 4 == 0 }),
            _ => new AddGrant(PermissionState.Authenticated, permissions[b % permissions.Length]),
        };
    }

    private static UpdateUser UpdateUser(User user, int flags) =>
        new(user, user with { IsActive = flags % 3 != 0, IsSuperuser = flags % 7 == 0, Email = $"e{flags}" });

    /// <summary>Asks every question once, so that the snapshot's caches are filled before it is derived from.</summary>
    internal static void Warm(PermissionSnapshot snapshot)
    {
        foreach (var subject in Subjects(snapshot.State))
        foreach (var permission in snapshot.State.Permissions.Keys)
            snapshot.Check(subject, permission);
        _ = snapshot.Audit.Overview(all: true);
    }

    /// <summary>Every answer a snapshot gives about its state, as text: checks with reasons and routes, memberships both ways, the audit.</summary>
    internal static List<string> Answers(PermissionSnapshot snapshot)
    {
        var state = snapshot.State;
        var answers = new List<string>();
        var permissions = state.Permissions.Keys.Order(StringComparer.Ordinal).Append("NOT_IN_CATALOG").ToArray();
        foreach (var subject in Subjects(state).Order(StringComparer.Ordinal).Append(Ghost))
        {
            answers.Add($"effective {subject}: " + string.Join("; ", snapshot.Effective(subject).SelectMany(e => e.Routes).Select(r => r.Path)));
            answers.Add($"groups {subject}: " + string.Join(", ", snapshot.GroupsOf(subject)));
            foreach (var recurse in new[] { false, true })
                answers.Add($"memberships {subject} {recurse}: " + string.Join(", ", snapshot.MembershipsOf(subject, recurse)));
            foreach (var permission in permissions)
            {
                var decision = snapshot.Decide(subject, permission);
                answers.Add($"decide {subject} {permission}: {decision.Allowed} {snapshot.Check(subject, permission)} "
                    + string.Join("; ", decision.Routes.Select(r => r.Path)) + " | " + string.Join("; ", decision.Reasons));
            }
        }
        foreach (var group in state.Groups.Keys.Concat(GroupNames).Distinct().Order(StringComparer.Ordinal).Append(Ghost))
        foreach (var recurse in new[] { false, true })
            answers.Add($"members {group} {recurse}: " + string.Join(", ", snapshot.MembersOf(group, recurse)));
        var audit = snapshot.Audit;
        answers.AddRange(audit.Overview(all: true).Select(s => $"overview {s}"));
        answers.AddRange(audit.Overview().Select(s => $"shown {s.Permission}"));
        foreach (var permission in permissions)
        {
            answers.AddRange(audit.Holders(permission).Select(h => $"holder {h}"));
            answers.Add($"graph {permission}: {PermissionGraph.OfPermission(snapshot, permission)?.ToMermaid()}");
        }
        var subjects = Subjects(state).Order(StringComparer.Ordinal).Append(Ghost).ToArray();
        foreach (var subject in subjects)
        {
            answers.AddRange(audit.RoutesOf(subject).Select(r => $"routes of {subject}: {r}"));
            answers.Add($"held count {subject}: {audit.HeldCount(subject)}");
            answers.Add($"graph {subject}: {PermissionGraph.OfSubject(snapshot, subject)?.ToMermaid()}");
        }
        answers.AddRange(snapshot.DecideAll(subjects, permissions).Select(d => $"decide all {d.Summary}"));
        return answers;
    }

    private static IEnumerable<string> Subjects(PermissionState state) =>
        state.Users.Keys.Concat(state.Groups.Keys).Append(PermissionState.Anonymous).Append(PermissionState.Authenticated);
}
