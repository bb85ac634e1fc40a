using CsCheck;
using PermShell.Core.Engine;

namespace PermShell.Core.Tests.Audit;

/// <summary>On random states (cycles included) the audit's counts and rows equal a naive reference computation.</summary>
public class AuditProperties
{
    [Fact]
    public void Overview_and_rows_equal_the_naive_reference() =>
        ResolutionProperties.States.Sample(AgreesWithReference, iter: 300);

    /// <summary>
    /// The audit of one permission is walked from the permission's side (HolderWalk); row for row, in the same order,
    /// it gives what asking every user in name order for its routes (RouteTracer, Test-Permission -Explain) gives.
    /// </summary>
    [Fact]
    public void Holders_equal_every_user_asked_in_turn() =>
        ResolutionProperties.States.Sample(state =>
        {
            var snapshot = new PermissionSnapshot(state);
            foreach (var permission in state.Permissions.Keys)
            {
                var expected = state.Users.Keys.Order(StringComparer.Ordinal)
                    .SelectMany(user => snapshot.Explain(user, permission).Select(AuditEntry.From));
                Assert.Equal(expected, snapshot.Audit.Holders(permission));
            }
        }, iter: 500);

    private static void AgreesWithReference(PermissionState state)
    {
        var snapshot = new PermissionSnapshot(state);
        var audit = snapshot.Audit;
        var reference = new AuditReference(state);
        var permissions = state.Permissions.Keys.Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(permissions, audit.Overview(all: true).Select(s => s.Permission));
        foreach (var permission in permissions)
        {
            var expected = reference.Summary(permission);
            var actual = audit.Summary(permission)!;
            Assert.Equal(expected, (actual.Users, actual.Groups, actual.GroupUsers, actual.EffectiveUsers,
                actual.Anonymous, actual.Authenticated, audit.IsHeldOrGranted(permission)));
        }
        Assert.Equal(permissions.Where(p => reference.Summary(p).Shown), audit.Overview().Select(s => s.Permission));

        var byUser = new Dictionary<string, List<AuditEntry>>(StringComparer.Ordinal);
        foreach (var permission in permissions)
        {
            var rows = audit.Holders(permission).ToList();
            Assert.All(rows, row => Assert.Equal(permission, row.Permission));
            var holders = rows.Select(r => r.User).Distinct().ToList();
            Assert.Equal(state.Users.Keys.Where(u => reference.Held(u).Contains(permission)).Order(StringComparer.Ordinal), holders);
            // Each user's rows are contiguous: the user order is the row order.
            Assert.Equal(holders.Count, rows.Where((r, i) => i == 0 || rows[i - 1].User != r.User).Count());

            foreach (var user in holders)
            {
                var mine = rows.Where(r => r.User == user).ToList();
                Assert.Equal(Sorted(reference.Routes(user, permission)), Sorted(mine.Select(r => (r.Route, r.Via))));
                Assert.Equal(snapshot.Explain(user, permission).Select(r => r.Path), mine.Select(r => r.Path));
                (byUser.TryGetValue(user, out var list) ? list : byUser[user] = []).AddRange(mine);
            }
        }

        foreach (var user in state.Users.Keys)
        {
            var expected = byUser.TryGetValue(user, out var list) ? list : [];
            Assert.Equal(expected, audit.RoutesOf(user).ToList());
        }
        foreach (var notAUser in state.Groups.Keys.Append(PermissionState.Anonymous).Append("ghost"))
            Assert.Empty(audit.RoutesOf(notAUser));
    }

    private static List<(RouteKind, string)> Sorted(IEnumerable<(RouteKind Route, string Via)> routes) =>
        routes.OrderBy(r => r.Route).ThenBy(r => r.Via, StringComparer.Ordinal).ToList();
}
