using System.Text;
using PermShell.Core.Engine;

namespace PermShell.Core.Reports;

/// <summary>The text formats a permission graph can be written in.</summary>
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))] // ConvertTo-Json writes the name, not the number (pwsh serialises with Newtonsoft.Json)
public enum GraphFormat
{
    Mermaid,
    Dot,
}

/// <summary>
/// The graph of routes around one subject or one permission (Export-PermissionGraph): users, groups and the
/// virtual subjects joined by "member of" edges, the permissions granted to them, and the catalog's "implies"
/// edges down to what they give. Built from the snapshot's indexes, so it shows exactly the routes the engine
/// follows; written as Mermaid or Graphviz DOT with generated node ids and every label escaped for its format.
/// </summary>
public sealed class PermissionGraph
{
    private enum NodeKind { User, Group, Virtual, Permission, Everything }

    private enum EdgeKind { MemberOf, Granted, Implies, Superuser }

    private sealed record Node(NodeKind Kind, string Label, bool Focus);

    private readonly List<Node> _nodes = new();
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<(int From, int To, EdgeKind Kind)> _edges = new();
    private readonly HashSet<(int, int, EdgeKind)> _edgeSet = new();
    private readonly PermissionSnapshot _snapshot;

    private PermissionGraph(PermissionSnapshot snapshot) => _snapshot = snapshot;

    public int NodeCount => _nodes.Count;
    public int EdgeCount => _edges.Count;

    /// <summary>
    /// What <paramref name="subject"/> holds and through what: the groups it is in (those that lead to a grant), the
    /// grants of each, and what those imply. An active superuser gets one "every permission" node. Null for an unknown name.
    /// </summary>
    public static PermissionGraph? OfSubject(PermissionSnapshot snapshot, string subject)
    {
        var subjects = snapshot.Subjects;
        if (!subjects.TryGetId(subject, out var s)) return null;
        var graph = new PermissionGraph(snapshot);
        var user = subjects.UserOf(s);
        graph.Subject(s, focus: true, user is { IsActive: false } ? " (inactive)" : "");
        if (user is { IsActive: false }) return graph;
        if (user is { IsSuperuser: true })
            graph.Edge(graph.Subject(s), graph.Add("*", NodeKind.Everything, "every permission"), EdgeKind.Superuser);

        var membership = snapshot.Membership;
        var reached = ShortestPaths.From(s, membership.ContainersOf, subjects.Order).Reached.Prepend(s).ToList();
        var leads = LeadsToAGrant(snapshot, reached);
        foreach (var node in reached.Where(n => n != s && leads.Contains(n))) graph.Subject(node);
        foreach (var node in reached.Where(n => n == s || leads.Contains(n)))
            foreach (var container in membership.ContainersOf(node))
                if (leads.Contains(container)) graph.Edge(graph.Subject(node), graph.Subject(container), EdgeKind.MemberOf);
        foreach (var holder in reached.Where(leads.Contains))
            foreach (var granted in subjects.GrantsOf(holder))
            {
                graph.Edge(graph.Subject(holder), graph.Permission(granted), EdgeKind.Granted);
                graph.Implications(granted, within: null);
            }
        return graph;
    }

    /// <summary>
    /// Every route to <paramref name="permission"/>: the grants that give it (itself, or a permission implying it), the
    /// subjects holding those grants, the members of those groups down to the active users, and the active superusers.
    /// anonymous and authenticated stand for everyone and are not expanded user by user. Null for an unknown name.
    /// </summary>
    public static PermissionGraph? OfPermission(PermissionSnapshot snapshot, string permission)
    {
        var permissions = snapshot.PermissionNames;
        if (!permissions.TryGetId(permission, out var p)) return null;
        var graph = new PermissionGraph(snapshot);
        graph.Permission(p, focus: true);
        var implications = snapshot.Implications;
        var giving = new HashSet<int>(Enumerable.Range(0, permissions.Count).Where(r => r == p || implications.Closure(r).Contains(p)));

        var subjects = snapshot.Subjects;
        var holders = new List<int>();
        foreach (var id in subjects.InNameOrder)
        {
            if (subjects.UserOf(id) is { IsActive: false }) continue;
            var granted = subjects.GrantsOf(id).Where(giving.Contains).ToArray();
            if (granted.Length == 0) continue;
            holders.Add(id);
            foreach (var r in granted)
            {
                graph.Edge(graph.Subject(id), graph.Permission(r), EdgeKind.Granted);
                graph.Implications(r, within: giving);
            }
        }

        // Members of the holding groups, down to the users; virtual subjects contain everyone and stay one node.
        var queue = new Queue<int>(holders.Where(h => subjects.KindOf(h) == SubjectKind.Group));
        var seen = new HashSet<int>(queue);
        while (queue.Count > 0)
        {
            var group = queue.Dequeue();
            foreach (var member in snapshot.Membership.MembersOf(group))
            {
                if (subjects.UserOf(member) is { IsActive: false }) continue;
                graph.Edge(graph.Subject(member), graph.Subject(group), EdgeKind.MemberOf);
                if (subjects.KindOf(member) == SubjectKind.Group && seen.Add(member)) queue.Enqueue(member);
            }
        }
        foreach (var id in snapshot.Audit.UserIds)
            if (subjects.UserOf(id) is { IsActive: true, IsSuperuser: true })
                graph.Edge(graph.Subject(id), graph.Permission(p), EdgeKind.Superuser);
        return graph;
    }

    /// <summary>The edges as (from label, to label, "member of" | "granted" | "implies" | "superuser"), for tests.</summary>
    internal IEnumerable<(string From, string To, string Kind)> Edges =>
        _edges.Select(e => (_nodes[e.From].Label, _nodes[e.To].Label, EdgeLabel(e.Kind)));

    public string Write(GraphFormat format) => format == GraphFormat.Dot ? ToDot() : ToMermaid();

    /// <summary>A Mermaid flowchart. Labels are quoted, with '#', quotes, angle brackets, '&amp;' and backticks as entity codes.</summary>
    public string ToMermaid()
    {
        var text = new StringBuilder("flowchart LR\n");
        for (var i = 0; i < _nodes.Count; i++)
        {
            var label = MermaidLabel(_nodes[i].Label);
            text.Append("  n").Append(i).Append(_nodes[i].Kind switch
            {
                NodeKind.User => $"([\"{label}\"])",
                NodeKind.Group => $"[[\"{label}\"]]",
                NodeKind.Virtual => $"((\"{label}\"))",
                NodeKind.Everything => $"{{{{\"{label}\"}}}}",
                _ => $"[\"{label}\"]",
            }).Append(":::").Append(_nodes[i].Kind.ToString().ToLowerInvariant()).Append('\n');
        }
        foreach (var (from, to, kind) in _edges)
            text.Append($"  n{from} -->|{EdgeLabel(kind)}| n{to}\n");
        text.Append("  classDef user fill:#ddf4ff,stroke:#0969da,color:#0a3069\n")
            .Append("  classDef group fill:#fff8c5,stroke:#9a6700,color:#4d2d00\n")
            .Append("  classDef virtual fill:#ffebe9,stroke:#cf222e,color:#82071e\n")
            .Append("  classDef permission fill:#dafbe1,stroke:#1a7f37,color:#044f1e\n")
            .Append("  classDef everything fill:#fbefff,stroke:#8250df,color:#3e1f79\n");
        for (var i = 0; i < _nodes.Count; i++)
            if (_nodes[i].Focus) text.Append($"  style n{i} stroke-width:4px\n");
        return text.ToString();
    }

    /// <summary>A Graphviz digraph. Labels are double-quoted with backslashes and quotes escaped.</summary>
    public string ToDot()
    {
        var text = new StringBuilder("digraph permissions {\n  graph [rankdir=LR];\n  node [fontname=\"Helvetica\", fontsize=11, style=filled];\n  edge [fontname=\"Helvetica\", fontsize=9];\n");
        for (var i = 0; i < _nodes.Count; i++)
        {
            var (shape, fill) = _nodes[i].Kind switch
            {
                NodeKind.User => ("ellipse", "#ddf4ff"),
                NodeKind.Group => ("box3d", "#fff8c5"),
                NodeKind.Virtual => ("doublecircle", "#ffebe9"),
                NodeKind.Everything => ("hexagon", "#fbefff"),
                _ => ("box", "#dafbe1"),
            };
            text.Append($"  n{i} [label=\"{DotLabel(_nodes[i].Label)}\", shape={shape}, fillcolor=\"{fill}\"{(_nodes[i].Focus ? ", penwidth=3" : "")}];\n");
        }
        foreach (var (from, to, kind) in _edges)
            text.Append($"  n{from} -> n{to} [label=\"{EdgeLabel(kind)}\"];\n");
        return text.Append("}\n").ToString();
    }

    public override string ToString() => ToMermaid();

    // ---- building ----

    private int Add(string key, NodeKind kind, string label, bool focus = false)
    {
        if (_ids.TryGetValue(key, out var id)) return id;
        _nodes.Add(new Node(kind, label, focus));
        return _ids[key] = _nodes.Count - 1;
    }

    private int Subject(int id, bool focus = false, string suffix = "")
    {
        var subjects = _snapshot.Subjects;
        var kind = subjects.KindOf(id) switch
        {
            SubjectKind.User => NodeKind.User,
            SubjectKind.Group => NodeKind.Group,
            _ => NodeKind.Virtual,
        };
        return Add("s:" + id, kind, subjects.NameOf(id) + suffix, focus);
    }

    private int Permission(int id, bool focus = false) => Add("p:" + id, NodeKind.Permission, _snapshot.PermissionNames[id], focus);

    private void Edge(int from, int to, EdgeKind kind)
    {
        if (_edgeSet.Add((from, to, kind))) _edges.Add((from, to, kind));
    }

    /// <summary>The catalog's one-step "implies" edges from <paramref name="granted"/> outward, optionally only among <paramref name="within"/>.</summary>
    private void Implications(int granted, HashSet<int>? within)
    {
        var queue = new Queue<int>([granted]);
        var seen = new HashSet<int> { granted };
        while (queue.Count > 0)
        {
            var from = queue.Dequeue();
            foreach (var to in _snapshot.Implications.Implies(from))
            {
                if (within is not null && !within.Contains(to)) continue;
                Edge(Permission(from), Permission(to), EdgeKind.Implies);
                if (seen.Add(to)) queue.Enqueue(to);
            }
        }
    }

    /// <summary>The subjects among <paramref name="reached"/> that hold a grant or are inside one that leads to a grant.</summary>
    private static HashSet<int> LeadsToAGrant(PermissionSnapshot snapshot, List<int> reached)
    {
        var leads = reached.Where(n => snapshot.Subjects.GrantsOf(n).Length > 0).ToHashSet();
        bool grew;
        do
        {
            grew = false;
            foreach (var node in reached)
                if (!leads.Contains(node) && snapshot.Membership.ContainersOf(node).Any(leads.Contains)) grew = leads.Add(node);
        } while (grew);
        return leads;
    }

    private static string EdgeLabel(EdgeKind kind) => kind switch
    {
        EdgeKind.MemberOf => "member of",
        EdgeKind.Granted => "granted",
        EdgeKind.Implies => "implies",
        _ => "superuser",
    };

    private static string MermaidLabel(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
            escaped.Append(c switch
            {
                '#' => "#35;",
                '"' => "#34;",
                '&' => "#38;",
                '<' => "#60;",
                '>' => "#62;",
                '`' => "#96;",
                _ when char.IsControl(c) => " ",
                _ => c.ToString(),
            });
        return escaped.ToString();
    }

    private static string DotLabel(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
            escaped.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                _ when char.IsControl(c) => " ",
                _ => c.ToString(),
            });
        return escaped.ToString();
    }
}
