namespace PermShell.Core.Manifest;

/// <summary>
/// Checks a manifest against SPEC's rules before anything is written, reporting every problem with its location.
/// Without a store it checks what the manifest alone can tell; with the store and the mode it also checks what the
/// import would leave: the catalog and subjects that survive it, references into them, and membership cycles.
/// </summary>
/// <remarks>
/// A name the manifest does not define may still exist in the store. Without a store such a reference is only
/// checked where the manifest is self-contained: in Sync mode, for the sections it contains (SPEC: "valid on its
/// own terms"). In Merge mode without a store, such references are left for the import to check.
/// </remarks>
public sealed class ManifestValidator
{
    private readonly ManifestDocument _document;
    private readonly PermissionState? _store;
    private readonly ManifestMode _mode;
    private readonly List<ManifestProblem> _problems = new();
    private int _hintsLeft = 50;

    // What exists once the import is done (as far as is known) and whether the set is known completely.
    private readonly HashSet<string> _permissions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _permissionsIgnoringCase = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _users = new(StringComparer.Ordinal);
    private readonly HashSet<string> _groups = new(StringComparer.Ordinal);
    private readonly bool _permissionsKnown;
    private readonly bool _subjectsKnown;
    private readonly Dictionary<string, ManifestUser> _manifestUsers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ManifestGroup> _manifestGroups = new(StringComparer.Ordinal);

    private ManifestValidator(ManifestDocument document, PermissionState? store, ManifestMode mode)
    {
        _document = document;
        _store = store;
        _mode = mode;
        foreach (var u in document.Users ?? []) _manifestUsers.TryAdd(u.Name, u);
        foreach (var g in document.Groups ?? []) _manifestGroups.TryAdd(g.Name, g);

        foreach (var p in document.Permissions ?? []) _permissions.Add(p.Name);
        _users.UnionWith(_manifestUsers.Keys);
        _groups.UnionWith(_manifestGroups.Keys.Where(n => !PermissionState.IsVirtual(n)));
        if (store is not null)
        {
            if (Survives(document.Permissions)) _permissions.UnionWith(store.Permissions.Keys);
            if (Survives(document.Users)) _users.UnionWith(store.Users.Keys);
            if (Survives(document.Groups)) _groups.UnionWith(store.Groups.Keys);
        }
        foreach (var p in _permissions.Order(StringComparer.Ordinal)) _permissionsIgnoringCase.TryAdd(p, p);
        _permissionsKnown = store is not null || (mode == ManifestMode.Sync && document.Permissions is not null);
        _subjectsKnown = store is not null || (mode == ManifestMode.Sync && document.Users is not null && document.Groups is not null);
    }

    /// <summary>What the manifest alone can tell (Test-PermissionManifest). See the remarks for how the mode matters.</summary>
    public static IReadOnlyList<ManifestProblem> Check(ManifestDocument document, ManifestMode mode = ManifestMode.Merge) =>
        new ManifestValidator(document, null, mode).Run();

    /// <summary>Everything, against the store the manifest will be imported into with <paramref name="mode"/>.</summary>
    public static IReadOnlyList<ManifestProblem> Check(ManifestDocument document, PermissionState store, ManifestMode mode) =>
        new ManifestValidator(document, store, mode).Run();

    /// <summary>Throws a <see cref="ManifestException"/> listing every problem when any of them is an error.</summary>
    public static void ThrowIfInvalid(IReadOnlyList<ManifestProblem> problems)
    {
        if (problems.Any(p => p.IsError)) throw new ManifestException(problems);
    }

    // Store objects of a section survive an import unless Sync replaces that section.
    private bool Survives(object? section) => _mode == ManifestMode.Merge || section is null;

    private IReadOnlyList<ManifestProblem> Run()
    {
        foreach (var p in _document.Permissions ?? []) CheckPermission(p);
        foreach (var u in _document.Users ?? [])
        {
            CheckSubject(u, "user");
            CheckGrants(u.Name, u.Grants);
        }
        foreach (var g in _document.Groups ?? [])
        {
            if (!g.IsVirtual) CheckSubject(g, "group");
            CheckMembers(g);
            CheckGrants(g.Name, g.Grants);
        }
        new MembershipCycles(this).Report();
        return ProblemOrder.Sort(_problems);
    }

    private void CheckPermission(ManifestPermission p)
    {
        if (!NameRuleHolds(() => NameRules.CheckPermissionName(p.Name), p.Location)) return;
        if (!_manifestUsers.ContainsKey(p.Name) && !_manifestGroups.ContainsKey(p.Name) && SubjectKindOf(p.Name) is { } kind)
            Problem(p.Location, "PermShell.Name.CollidesWithSubject",
                $"'{p.Name}' is already the name of a {kind}{(PermissionState.IsVirtual(p.Name) ? "" : " in the store")}; permissions and subjects cannot share a name.");
        foreach (var implied in p.Implies ?? [])
        {
            var name = implied.Value;
            if (name.Contains('*') || name.Contains('?'))
            {
                if (name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '*' or '?')))
                    Problem(implied.Location, "PermShell.Permission.InvalidPattern",
                        $"'{NameRules.Printable(name)}' is not a valid implication pattern for {p.Name}: use permission-name characters with * and ?.");
                continue;
            }
            if (!NameRuleHolds(() => NameRules.CheckPermissionName(name), implied.Location)) continue;
            if (_permissionsKnown && name != p.Name && !_permissions.Contains(name))
                _problems.Add(new ManifestProblem(implied.Location, "PermShell.Manifest.UnknownImplied",
                    $"{p.Name} implies {name}, which is not in the catalog; it takes effect once {name} is defined.{Hint(name, _permissions)}",
                    ManifestSeverity.Warning));
        }
    }

    private void CheckSubject(ManifestEntry entry, string kind)
    {
        var name = entry.Name;
        if (!NameRuleHolds(() => NameRules.CheckSubjectName(name), entry.Location)) return;
        if (PermissionState.IsVirtual(name))
        {
            Problem(entry.Location, "PermShell.Name.Reserved",
                $"'{name}' is reserved: it always exists as a virtual group. List it under groups with grants only.");
            return;
        }
        if (_permissions.Contains(name))
            Problem(entry.Location, "PermShell.Name.CollidesWithPermission", $"'{name}' is the name of a permission; users and groups cannot share it.");
        else if (_permissionsIgnoringCase.TryGetValue(name, out var twin))
            Problem(entry.Location, "PermShell.Name.DiffersByCase", $"'{name}' differs from a defined permission ({twin}) by case only.");

        if (kind == "group" && _manifestUsers.TryGetValue(name, out var user))
            Problem(entry.Location, "PermShell.Manifest.DuplicateName",
                $"'{name}' is listed under groups and under users (at {user.Location}); users and groups share one namespace.");
        else if (_store is not null && kind == "user" && !_manifestGroups.ContainsKey(name) && Survives(_document.Groups) && _store.Groups.ContainsKey(name))
            Problem(entry.Location, "PermShell.Manifest.SubjectKindConflict", $"'{name}' is a group in the store; a user cannot take its name (users and groups share one namespace).");
        else if (_store is not null && kind == "group" && !_manifestUsers.ContainsKey(name) && Survives(_document.Users) && _store.Users.ContainsKey(name))
            Problem(entry.Location, "PermShell.Manifest.SubjectKindConflict", $"'{name}' is a user in the store; a group cannot take its name (users and groups share one namespace).");
    }

    private void CheckGrants(string subject, IReadOnlyList<ManifestName>? grants)
    {
        foreach (var grant in grants ?? [])
        {
            var name = grant.Value;
            if (_permissions.Contains(name)) continue;
            if (SubjectKindOf(name) is { } kind)
            {
                var how = kind == "group"
                    ? $"to put {subject} in it, list {subject} under {name}'s members."
                    : "only permissions can be granted.";
                Problem(grant.Location, "PermShell.Manifest.UnknownPermission", $"'{name}' is a {kind}, not a permission: {how}");
            }
            else if (_permissionsKnown)
            {
                Problem(grant.Location, "PermShell.Manifest.UnknownPermission",
                    $"{NameRules.Printable(name)} is not a valid permission.{Hint(name, _permissions)}");
            }
        }
    }

    private void CheckMembers(ManifestGroup group)
    {
        foreach (var member in group.Members ?? [])
        {
            var name = member.Value;
            if (PermissionState.IsVirtual(name) || _users.Contains(name) || _groups.Contains(name)) continue;
            if (!_subjectsKnown && !_permissions.Contains(name)) continue;
            var why = _permissions.Contains(name)
                ? $" '{name}' is a permission: list it under {group.Name}'s grants instead."
                : Hint(name, _users.Concat(_groups));
            var where = _store is null ? "in the manifest" : _mode == ManifestMode.Sync ? "in the manifest or the sections of the store it leaves alone" : "in the manifest or the store";
            Problem(member.Location, "PermShell.Manifest.UnknownSubject", $"There is no user or group named '{NameRules.Printable(name)}' {where}.{why}");
        }
    }

    /// <summary>"user" or "group" (or "virtual group") when the name is a subject after the import; null otherwise.</summary>
    private string? SubjectKindOf(string name) =>
        PermissionState.IsVirtual(name) ? "virtual group"
        : _users.Contains(name) ? "user"
        : _groups.Contains(name) ? "group"
        : null;

    /// <summary>
    /// "Did you mean" for the first few problems only: each scans every candidate, and a manifest that forgot a
    /// whole file can have 100,000 broken references into a 100,000-name store.
    /// </summary>
    private string Hint(string name, IEnumerable<string> candidates) => _hintsLeft-- > 0 ? ClosestNames.Hint(name, candidates) : "";

    private bool NameRuleHolds(Action check, SourceLocation at)
    {
        try
        {
            check();
            return true;
        }
        catch (PermShellException e)
        {
            Problem(at, e.ErrorId, e.Message);
            return false;
        }
    }

    private void Problem(SourceLocation at, string id, string message) => _problems.Add(new ManifestProblem(at, id, message));

    /// <summary>
    /// Membership cycles among the groups the import leaves: the manifest's memberships plus the store's that
    /// survive. Depth-first with an explicit stack; each back edge is one cycle, shown "a &gt; b &gt; a" (a is in b, b in a).
    /// </summary>
    private sealed class MembershipCycles(ManifestValidator v)
    {
        private readonly record struct Edge(string Group, SourceLocation? At);

        // Member group → the groups it is in, each with where the manifest says so (null: the store says so).
        private readonly Dictionary<string, List<Edge>> _isIn = new(StringComparer.Ordinal);

        public void Report()
        {
            Collect();
            var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the path; true: done
            foreach (var start in _isIn.Keys.Order(StringComparer.Ordinal))
            {
                if (state.ContainsKey(start)) continue;
                var path = new List<(string Node, int Next, SourceLocation? At)> { (start, 0, null) };
                state[start] = false;
                while (path.Count > 0)
                {
                    var (node, next, at) = path[^1];
                    var edges = _isIn.TryGetValue(node, out var list) ? list : [];
                    if (next == edges.Count)
                    {
                        state[node] = true;
                        path.RemoveAt(path.Count - 1);
                        continue;
                    }
                    path[^1] = (node, next + 1, at);
                    var edge = edges[next];
                    if (!state.TryGetValue(edge.Group, out var done))
                    {
                        state[edge.Group] = false;
                        path.Add((edge.Group, 0, edge.At));
                    }
                    else if (!done)
                    {
                        Cycle(path, edge);
                    }
                }
            }
        }

        private void Collect()
        {
            var manifestGroups = v._document.Groups ?? [];
            foreach (var g in manifestGroups.Where(g => !g.IsVirtual))
                foreach (var m in g.Members ?? [])
                    if (v._groups.Contains(m.Value) || m.Value == g.Name) Add(m.Value, g.Name, m.Location);
            if (v._store is not null && v._mode == ManifestMode.Merge && v._document.Groups is not null)
                foreach (var (group, members) in v._store.Members)
                    foreach (var member in members)
                        if (v._store.Groups.ContainsKey(member)) Add(member, group, null);
            // Ordinal edge order makes the cycles found, and so the messages, the same on every run.
            foreach (var list in _isIn.Values) list.Sort((a, b) => string.CompareOrdinal(a.Group, b.Group));
        }

        private void Add(string member, string group, SourceLocation? at)
        {
            if (!_isIn.TryGetValue(member, out var list)) _isIn[member] = list = new List<Edge>();
            if (list.Any(e => e.Group == group)) return; // the manifest's edge comes first and keeps its location
            list.Add(new Edge(group, at));
        }

        private void Cycle(List<(string Node, int Next, SourceLocation? At)> path, Edge closing)
        {
            var from = path.FindLastIndex(p => p.Node == closing.Group);
            var chain = path.Skip(from).Select(p => p.Node).Append(closing.Group).ToList();
            // Report where the manifest closes the cycle, or else at the first membership of it the manifest states.
            var member = path[^1].Node;
            var group = closing.Group;
            var at = closing.At;
            for (var i = from + 1; at is null && i < path.Count; i++)
            {
                at = path[i].At;
                (member, group) = (path[i - 1].Node, path[i].Node);
            }
            if (at is null) return; // only the store's memberships: the store never holds a cycle
            v.Problem(at, "PermShell.Manifest.MembershipCycle",
                $"'{member}' as a member of '{group}' closes a membership cycle: {string.Join(" > ", chain)}.");
        }
    }
}
