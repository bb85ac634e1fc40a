using CsCheck;
using PermShell.Core.Engine;

namespace PermShell.Core.Tests;

/// <summary>On random states — cycles in implications and memberships included — the engine agrees with the reference.</summary>
/// <remarks><see cref="States"/> is shared with the audit properties.</remarks>
public class ResolutionProperties
{
    private static readonly string[] Stems = ["TICKET", "WIKI", "Ticket", "T"];
    private static readonly string[] Patterns = ["*", "TICKET_*", "WIKI_?", "*_1", "T*", "?I*", "NOT_IN_CATALOG"];
    private static readonly string[] GroupNames = ["dev", "Dev", "staff", "ops", "admins", "x"];
    private const string Ghost = "ghost";

    internal static readonly Gen<PermissionState> States =
        from permissionCount in Gen.Int[1, 30]
        from implies in Gen.Int[0, 99].Array[0, 3].Array[permissionCount]
        from userFlags in Gen.Int[0, 9].Array[0, 6]
        from groupCount in Gen.Int[0, GroupNames.Length]
        from memberships in Gen.Select(Gen.Int[0, 99], Gen.Int[0, 99]).Array[0, 15]
        from grants in Gen.Select(Gen.Int[0, 99], Gen.Int[0, 99]).Array[0, 25]
        select Build(permissionCount, implies, userFlags, groupCount, memberships, grants);

    [Fact]
    public void Snapshot_agrees_with_the_reference_resolver() =>
        States.Sample(AgreesWithReference, iter: 400, print: Describe);

    private static void AgreesWithReference(PermissionState state)
    {
        var snapshot = new PermissionSnapshot(state);
        var reordered = new PermissionSnapshot(Reversed(state));
        var reference = new ReferenceResolver(state);
        var permissions = state.Permissions.Keys.Append("NOT_IN_CATALOG").ToArray();

        foreach (var subject in Subjects(state).Append(Ghost))
        {
            var held = reference.Held(subject);
            var effective = snapshot.Effective(subject);
            Assert.Equal(held.Order(StringComparer.Ordinal), effective.Select(e => e.Permission));
            Assert.Equal(Paths(effective), Paths(reordered.Effective(subject)));
            Assert.Equal(reference.GroupsOf(subject).Order(StringComparer.Ordinal), snapshot.GroupsOf(subject));
            Assert.Equal(snapshot.GroupsOf(subject), snapshot.MembershipsOf(subject, recurse: true).Select(m => m.Group).Order(StringComparer.Ordinal));

            foreach (var permission in permissions)
            {
                var check = snapshot.Check(subject, permission);
                Assert.True(held.Contains(permission) == check, $"Check({subject}, {permission}) = {check}");
                var routes = snapshot.Explain(subject, permission);
                Assert.Equal(check, routes.Count > 0);
                AssertDecisionAgrees(state, snapshot.Decide(subject, permission), check, routes);
                Assert.All(routes, route => AssertWellFormed(route, subject, permission));
                var listed = effective.FirstOrDefault(e => e.Permission == permission)?.Routes ?? [];
                Assert.Equal(routes.Select(r => r.Path), listed.Select(r => r.Path));
            }
        }

        // The one-pass matrix answers every known subject x permission exactly as the single checks do, in order.
        var subjects = Subjects(state).Append(Ghost).ToArray();
        var matrix = snapshot.DecideAll(subjects, permissions).Select(d => (d.Subject, d.Permission, d.Allowed, Paths: string.Join("; ", d.Routes.Select(r => r.Path))));
        var single = from subject in subjects
                     from permission in permissions
                     let d = snapshot.Decide(subject, permission)
                     where d.UnknownNames.Count() == 0
                     select (d.Subject, d.Permission, d.Allowed, Paths: string.Join("; ", d.Routes.Select(r => r.Path)));
        Assert.Equal(single, matrix);

        foreach (var permission in permissions)
            Assert.Equal(reference.Expand(permission).Order(StringComparer.Ordinal), snapshot.ExpandImplication(permission));

        var reach = Subjects(state).ToDictionary(subject => subject, reference.Reach);
        foreach (var group in state.Groups.Keys)
        {
            var expected = reach.Keys.Where(subject => subject != group && reach[subject].Contains(group));
            Assert.Equal(expected.Order(StringComparer.Ordinal), snapshot.MembersOf(group, recurse: true).Select(m => m.Member).Order(StringComparer.Ordinal));
            foreach (var member in state.Groups.Keys) AssertCycleAnswer(state, reach[group], snapshot, group, member);
        }
    }

    /// <summary>Decide, Check and Explain are one answer: allowed exactly when Check is true, with Explain's routes; else one fitting reason.</summary>
    private static void AssertDecisionAgrees(PermissionState state, Decision decision, bool check, IReadOnlyList<Route> routes)
    {
        var (subject, permission) = (decision.Subject, decision.Permission);
        Assert.Equal(check, decision.Allowed);
        Assert.Equal(routes.Select(r => r.Path), decision.Routes.Select(r => r.Path));
        if (check)
        {
            Assert.Empty(decision.Reasons);
            return;
        }
        DenialReason[] expected = state.KindOf(subject) is not { } kind ? [new DenialReason.UnknownSubject(subject, [])]
            : !state.Permissions.ContainsKey(permission) ? [new DenialReason.UnknownPermission(permission, [])]
            : state.Users.TryGetValue(subject, out var user) && !user.IsActive ? [new DenialReason.InactiveUser(subject)]
            : [new DenialReason.NoRoute(subject, kind, permission)];
        if (state.KindOf(subject) is null && !state.Permissions.ContainsKey(permission))
            expected = [.. expected, new DenialReason.UnknownPermission(permission, [])];
        Assert.Equal(expected.Select(Shape), decision.Reasons.Select(Shape));
    }

    // A reason without its suggestions, which ClosestNames decides and its own tests cover.
    private static object Shape(DenialReason reason) =>
        reason is DenialReason.UnknownName unknown ? (unknown.GetType(), unknown.Name) : reason;

    private static void AssertWellFormed(Route route, string subject, string permission)
    {
        Assert.Equal((subject, permission), (route.Subject, route.Permission));
        Assert.StartsWith(subject, route.Path);
        if (route.Kind == RouteKind.Implied)
        {
            Assert.NotNull(route.Source);
            Assert.Equal((route.Granted, route.Granted), (route.Via, route.Source.Permission));
            Assert.NotEqual(permission, route.Granted);
        }
        else
        {
            Assert.Equal(permission, route.Granted);
        }
    }

    /// <summary>Adding member to group closes a cycle exactly when member is group or already contains it.</summary>
    private static void AssertCycleAnswer(PermissionState state, HashSet<string> groupReach, PermissionSnapshot snapshot, string group, string member)
    {
        var cycle = snapshot.FindMembershipCycle(group, member);
        Assert.Equal(groupReach.Contains(member), cycle is not null);
        if (cycle is null) return;
        Assert.Equal((member, group, member), (cycle[0], cycle[1], cycle[^1]));
        for (var i = 1; i + 1 < cycle.Count; i++) Assert.Contains(cycle[i], state.MembersOf(cycle[i + 1]));
    }

    private static IEnumerable<string> Subjects(PermissionState state) =>
        state.Users.Keys.Concat(state.Groups.Keys).Append(PermissionState.Anonymous).Append(PermissionState.Authenticated);

    private static IEnumerable<string> Paths(IReadOnlyList<EffectivePermission> effective) =>
        effective.SelectMany(e => e.Routes).Select(r => r.Path);

    private static PermissionState Build(int permissionCount, int[][] implies, int[] userFlags, int groupCount,
        (int, int)[] memberships, (int, int)[] grants)
    {
        var builder = new StateBuilder();
        var names = Enumerable.Range(0, permissionCount).Select(i => $"{Stems[i % Stems.Length]}_{i}").ToArray();
        var impliable = names.Concat(Patterns).ToArray();
        for (var i = 0; i < permissionCount; i++)
            builder.Permission(names[i], implies[i].Select(pick => impliable[pick % impliable.Length]).ToArray());

        for (var i = 0; i < userFlags.Length; i++)
            builder.User($"u{i}", active: userFlags[i] != 0, superuser: userFlags[i] == 9);
        var groups = GroupNames[..groupCount];
        foreach (var group in groups) builder.Group(group);

        var subjects = Subjects(builder.State).Append(Ghost).ToArray();
        if (groupCount > 0)
            foreach (var (group, member) in memberships)
                builder.Group(groups[group % groupCount], subjects[member % subjects.Length]);

        var grantable = names.Append("NOT_IN_CATALOG").ToArray();
        foreach (var (subject, permission) in grants)
            builder.Grant(subjects[subject % subjects.Length], grantable[permission % grantable.Length]);
        return builder.State;
    }

    /// <summary>The same content inserted in the opposite order, so hash order cannot leak into answers.</summary>
    private static PermissionState Reversed(PermissionState state)
    {
        var copy = new PermissionState();
        foreach (var (name, definition) in state.Permissions.Reverse()) copy.Permissions[name] = definition;
        foreach (var (name, user) in state.Users.Reverse()) copy.Users[name] = user;
        foreach (var (name, group) in state.Groups.Reverse()) copy.Groups[name] = group;
        foreach (var (name, members) in state.Members.Reverse()) copy.Members[name] = new HashSet<string>(members.Reverse(), StringComparer.Ordinal);
        foreach (var (name, granted) in state.Grants.Reverse()) copy.Grants[name] = new HashSet<string>(granted.Reverse(), StringComparer.Ordinal);
        return copy;
    }

    private static string Describe(PermissionState state) => string.Join(Environment.NewLine,
        state.Permissions.Values.Select(p => $"permission {p.Name} implies [{string.Join(", ", p.Implies)}]")
            .Concat(state.Users.Values.Select(u => $"user {u.Name} active={u.IsActive} superuser={u.IsSuperuser}"))
            .Concat(state.Members.Select(m => $"group {m.Key} members [{string.Join(", ", m.Value)}]"))
            .Concat(state.Grants.Select(g => $"grants {g.Key}: {string.Join(", ", g.Value)}")));
}
