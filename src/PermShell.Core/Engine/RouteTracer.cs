namespace PermShell.Core.Engine;

/// <summary>
/// Lists every route by which a subject holds permissions: one per grant the subject reaches (its own,
/// anonymous's, authenticated's, each group's along the shortest membership chain) and one per
/// permission each such grant implies (along the shortest implication chain). Routes are rebuilt per
/// question rather than cached: kept for 100,000 users they would cost far more memory than they save.
/// </summary>
internal sealed class RouteTracer
{
    private readonly NameTable _permissions;
    private readonly SubjectIndex _subjects;
    private readonly MembershipGraph _membership;
    private readonly ImplicationGraph _implications;

    public RouteTracer(NameTable permissions, SubjectIndex subjects, MembershipGraph membership, ImplicationGraph implications)
    {
        _permissions = permissions;
        _subjects = subjects;
        _membership = membership;
        _implications = implications;
    }

    /// <summary>The routes of <paramref name="subject"/>, all of them or only those giving <paramref name="only"/>, in <see cref="RouteOrder"/>.</summary>
    public List<Route> Trace(int subject, int? only)
    {
        var answer = new Answer(this, _subjects.NameOf(subject), only);
        var user = _subjects.UserOf(subject);
        if (user is { IsActive: false }) return answer.Routes;
        if (user is { IsSuperuser: true }) answer.AddSuperuser();

        // A subject's own grants: Direct, except that anonymous and authenticated name themselves.
        var ownKind = OriginKind(subject, RouteKind.Direct);
        answer.AddGrants(_subjects.GrantsOf(subject), ownKind, ownKind == RouteKind.Direct ? "" : answer.Subject, [], answer.Subject);

        var reach = ShortestPaths.From(subject, _membership.ContainersOf, _subjects.Order);
        foreach (var holder in reach.Reached)
        {
            var grants = _subjects.GrantsOf(holder);
            if (grants.Length == 0) continue;
            var chain = Array.ConvertAll(reach.ChainTo(holder), _subjects.NameOf);
            var kind = OriginKind(holder, RouteKind.Group);
            var groups = kind == RouteKind.Group ? chain : [];
            answer.AddGrants(grants, kind, _subjects.NameOf(holder), groups, answer.Subject + " > " + string.Join(" > ", chain));
        }

        answer.Routes.Sort(RouteOrder.Instance);
        return answer.Routes;
    }

    private RouteKind OriginKind(int holder, RouteKind otherwise) =>
        holder == _subjects.Anonymous ? RouteKind.Anonymous
        : holder == _subjects.Authenticated ? RouteKind.Authenticated
        : otherwise;

    /// <summary>The routes collected for one question.</summary>
    private sealed class Answer(RouteTracer tracer, string subject, int? only)
    {
        private readonly Dictionary<int, ShortestPaths> _chains = new();

        public string Subject { get; } = subject;
        public List<Route> Routes { get; } = new();

        // Implications of a superuser's routes are left out: they would only repeat "holds everything".
        public void AddSuperuser()
        {
            var permissions = tracer._permissions;
            IEnumerable<int> given = only is { } one ? [one] : Enumerable.Range(0, permissions.Count);
            foreach (var permission in given)
            {
                var name = permissions[permission];
                Routes.Add(new Route
                {
                    Subject = Subject, Permission = name, Granted = name,
                    Kind = RouteKind.Superuser, Path = $"{Subject} (superuser) : {name}",
                });
            }
        }

        public void AddGrants(int[] grants, RouteKind kind, string via, string[] groups, string pathPrefix)
        {
            foreach (var granted in grants)
            {
                var name = tracer._permissions[granted];
                var origin = new Route
                {
                    Subject = Subject, Permission = name, Granted = name, Kind = kind, Via = via,
                    Groups = groups, Path = $"{pathPrefix} : {name}",
                };
                if (only is null || only == granted) Routes.Add(origin);
                AddImplied(origin, granted);
            }
        }

        private void AddImplied(Route origin, int granted)
        {
            var closure = tracer._implications.Closure(granted);
            if (only is { } one && !closure.Contains(one)) return;
            if (!_chains.TryGetValue(granted, out var chains))
                _chains[granted] = chains = tracer._implications.ChainsFrom(granted);

            IEnumerable<int> implied = only is { } target ? [target] : closure.Items();
            foreach (var permission in implied)
            {
                var chain = Array.ConvertAll(chains.ChainTo(permission), id => tracer._permissions[id]);
                Routes.Add(new Route
                {
                    Subject = Subject, Permission = tracer._permissions[permission], Granted = origin.Granted,
                    Kind = RouteKind.Implied, Via = origin.Granted, Groups = origin.Groups, Source = origin,
                    Path = origin.Path + " => " + string.Join(" => ", chain),
                });
            }
        }
    }
}
