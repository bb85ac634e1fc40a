using System.Text.RegularExpressions;
using CsCheck;
using PermShell.Core.Engine;
using PermShell.Core.Reports;

namespace PermShell.Core.Tests.Reports;

public class PermissionGraphTests
{
    private static PermissionSnapshot Acme() => new StateBuilder()
        .Permission("TICKET_VIEW").Permission("TICKET_MODIFY", "TICKET_APPEND").Permission("TICKET_APPEND")
        .Permission("TICKET_ADMIN", "TICKET_MODIFY", "TICKET_VIEW").Permission("WIKI_VIEW")
        .User("bob").User("carol").User("mallory", active: false).User("root", superuser: true)
        .Group("developer", "bob", "release", "mallory").Group("release", "carol").Group("staff", "developer").Group("idle", "bob")
        .Grant("staff", "TICKET_ADMIN").Grant("anonymous", "WIKI_VIEW").Grant("carol", "TICKET_MODIFY")
        .Snapshot();

    [Fact]
    public void A_subject_graph_follows_memberships_grants_and_implications()
    {
        var edges = PermissionGraph.OfSubject(Acme(), "bob")!.Edges.ToList();

        Assert.Contains(("bob", "developer", "member of"), edges);
        Assert.Contains(("developer", "staff", "member of"), edges);
        Assert.Contains(("staff", "TICKET_ADMIN", "granted"), edges);
        Assert.Contains(("TICKET_ADMIN", "TICKET_MODIFY", "implies"), edges);
        Assert.Contains(("TICKET_MODIFY", "TICKET_APPEND", "implies"), edges);
        Assert.Contains(("bob", "anonymous", "member of"), edges);
        Assert.Contains(("anonymous", "WIKI_VIEW", "granted"), edges);
        // A group that leads to no grant is left out.
        Assert.DoesNotContain(edges, e => e.To == "idle" || e.From == "idle");
    }

    [Fact]
    public void A_permission_graph_shows_every_route_to_it()
    {
        var edges = PermissionGraph.OfPermission(Acme(), "TICKET_APPEND")!.Edges.ToList();

        Assert.Contains(("carol", "TICKET_MODIFY", "granted"), edges);
        Assert.Contains(("TICKET_MODIFY", "TICKET_APPEND", "implies"), edges);
        Assert.Contains(("staff", "TICKET_ADMIN", "granted"), edges);
        Assert.Contains(("TICKET_ADMIN", "TICKET_MODIFY", "implies"), edges);
        Assert.Contains(("developer", "staff", "member of"), edges);
        Assert.Contains(("release", "developer", "member of"), edges);
        Assert.Contains(("carol", "release", "member of"), edges);
        Assert.Contains(("root", "TICKET_APPEND", "superuser"), edges);
        // Inactive users hold nothing; TICKET_VIEW does not lead to TICKET_APPEND.
        Assert.DoesNotContain(edges, e => e.From == "mallory" || e.To == "TICKET_VIEW" || e.To == "WIKI_VIEW");
    }

    [Fact]
    public void Superusers_and_inactive_users_are_drawn_as_such()
    {
        var snapshot = Acme();

        Assert.Contains(("root", "every permission", "superuser"), PermissionGraph.OfSubject(snapshot, "root")!.Edges);
        var inactive = PermissionGraph.OfSubject(snapshot, "mallory")!;
        Assert.Equal((1, 0), (inactive.NodeCount, inactive.EdgeCount));
        Assert.Contains("mallory (inactive)", inactive.ToMermaid());
    }

    [Fact]
    public void Unknown_names_give_no_graph()
    {
        Assert.Null(PermissionGraph.OfSubject(Acme(), "nobody"));
        Assert.Null(PermissionGraph.OfPermission(Acme(), "NOT_A_PERMISSION"));
    }

    private const string Hostile = "x\"]) --> evil[\"<script>alert(1)</script> # `code` \\ &amp;";

    private static PermissionGraph HostileGraph() =>
        PermissionGraph.OfSubject(new StateBuilder().Permission("WIKI_VIEW").User(Hostile).Grant(Hostile, "WIKI_VIEW").Snapshot(), Hostile)!;

    [Fact]
    public void Mermaid_labels_cannot_break_out_of_their_quotes()
    {
        var mermaid = HostileGraph().ToMermaid();

        var labels = Regex.Matches(mermaid, "^  n\\d+[\\[\\(\\{]+\"([^\"]*)\"[\\]\\)\\}]+:::\\w+$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, labels.Count);
        Assert.All(labels, l => Assert.DoesNotMatch("[\"<>`]", l));
        Assert.Equal(Hostile, labels[0].Replace("#34;", "\"").Replace("#60;", "<").Replace("#62;", ">").Replace("#96;", "`").Replace("#38;", "&").Replace("#35;", "#"));
        Assert.Equal(2, mermaid.Split('\n').Count(l => l.StartsWith("  n", StringComparison.Ordinal) && l.Contains(":::")));
    }

    [Fact]
    public void Dot_labels_are_quoted_strings_that_read_back_as_the_names()
    {
        var dot = HostileGraph().ToDot();

        var labels = Regex.Matches(dot, "label=\"((?:[^\"\\\\]|\\\\.)*)\", shape").Select(m => Regex.Unescape(m.Groups[1].Value)).ToList();
        Assert.Equal(new[] { Hostile, "WIKI_VIEW" }, labels);
        Assert.StartsWith("digraph permissions {", dot);
        Assert.EndsWith("}\n", dot);
    }

    /// <summary>On random states, every route the engine reports is drawn, step by step, in both kinds of graph.</summary>
    [Fact]
    public void Every_route_is_a_path_in_the_graphs()
    {
        ResolutionProperties.States.Sample(state =>
        {
            var snapshot = new PermissionSnapshot(state);
            var byPermission = state.Permissions.Keys.ToDictionary(p => p, p => PermissionGraph.OfPermission(snapshot, p)!.Edges.ToHashSet());
            foreach (var user in state.Users.Keys)
            {
                var subjectEdges = PermissionGraph.OfSubject(snapshot, user)!.Edges.ToHashSet();
                foreach (var route in snapshot.Effective(user).SelectMany(e => e.Routes))
                {
                    AssertDrawn(subjectEdges, route, fromVirtual: false);
                    AssertDrawn(byPermission[route.Permission], route, fromVirtual: true);
                }
            }
        }, iter: 150);
    }

    private static void AssertDrawn(HashSet<(string, string, string)> edges, Route route, bool fromVirtual)
    {
        if (route.Kind == RouteKind.Superuser)
        {
            Assert.True(edges.Contains((route.Subject, route.Permission, "superuser")) || edges.Contains((route.Subject, "every permission", "superuser")), route.Path);
            return;
        }
        var halves = route.Path.Split(" : ");
        var chain = halves[0].Split(" > ").ToList();
        var permissions = halves[1].Split(" => ");
        // A permission graph draws anonymous and authenticated as one node each, not joined to every user.
        var start = fromVirtual ? Math.Max(0, chain.FindLastIndex(PermissionState.IsVirtual)) : 0;
        for (var i = start; i + 1 < chain.Count; i++) Assert.Contains((chain[i], chain[i + 1], "member of"), edges);
        Assert.Contains((chain[^1], permissions[0], "granted"), edges);
        for (var i = 0; i + 1 < permissions.Length; i++) Assert.Contains((permissions[i], permissions[i + 1], "implies"), edges);
    }
}
