namespace PermShell.Core.Engine;

/// <summary>
/// Every route to one permission, found from the permission's side (Get-PermissionAudit -Name): the permissions that
/// give it (itself and each one implying it), the subjects granted one of those, and the users below those subjects.
/// Only those users (and the active superusers) are visited, in name order, each with one breadth-first search up its
/// own groups over integer arrays kept from one walk to the next; a route costs one Path string and its row. The rows and
/// their order are those of <see cref="RouteTracer.Trace"/> asked about each user in turn, which builds every route of
/// every group a user reaches; the audit properties compare the two on random stores.
/// </summary>
internal sealed class HolderWalk
{
    private const string InGroup = " > ";
    private const string Gives = " : ";

    private readonly PermissionSnapshot _snapshot;
    private readonly SubjectIndex _subjects;
    private readonly MembershipGraph _membership;
    private readonly GrantHolders _granted;
    // One bit per name rank (see SubjectIndex.RankOf): the walk reads users' flags here instead of from their records.
    private readonly ulong[] _activeUsers;
    private readonly ulong[] _activeSuperusers;
    private readonly int[] _inNameOrder;

    // Arrays as long as the store, taken for the walk from the one kept for the next (see Scratch).
    private Scratch _scratch = null!;
    // The search's queue: the user at 0, then the nodes reached, layer after layer, each layer in name order.
    private int[] _queue = new int[64];
    private int _queued;
    private readonly List<int> _chain = new();
    private readonly Stack<int> _open = new();

    // The question being walked.
    private int _permission;
    private string _permissionName = "";
    // Per permission: null when it does not give the asked one, else what its routes append to their Path ("" for the asked one itself).
    private readonly string?[] _implicationSuffix;
    // Per subject granted a giving permission: those permissions, ascending (its routes, without reading all its grants).
    private readonly Dictionary<int, List<int>> _givingGrants = new();

    private string _userName = "";
    private RouteRow[] _rows = new RouteRow[8];
    private int _rowCount;
    private char[] _text = new char[128];

    /// <summary>One route of the user being listed; Rank is the <see cref="RouteOrder"/> rank of its kind; Path only once written.</summary>
    private record struct RouteRow(int Rank, RouteKind Kind, string Via, int Holder, int Granted, string? Path);

    private static readonly IComparer<RouteRow> InRouteOrder = Comparer<RouteRow>.Create((x, y) =>
    {
        var byKind = x.Rank.CompareTo(y.Rank);
        return byKind != 0 ? byKind : string.CompareOrdinal(x.Path!, y.Path!);
    });

    /// <param name="activeUsers">The snapshot's active users, one bit per name rank.</param>
    /// <param name="activeSuperusers">Its active superusers (who hold everything), one bit per name rank.</param>
    public HolderWalk(PermissionSnapshot snapshot, ulong[] activeUsers, ulong[] activeSuperusers)
    {
        _granted = snapshot.Subjects.GrantHolders;
        _activeUsers = activeUsers;
        _activeSuperusers = activeSuperusers;
        _snapshot = snapshot;
        _subjects = snapshot.Subjects;
        _membership = snapshot.Membership;
        _inNameOrder = snapshot.Subjects.InNameOrder as int[] ?? [.. snapshot.Subjects.InNameOrder];
        _implicationSuffix = new string?[snapshot.PermissionNames.Count];
    }

    /// <summary>
    /// The rows of <paramref name="permission"/>: active users in name order, each user's routes strongest first. Lazy:
    /// the holders are found on the first MoveNext, each user's routes as it is reached. One walk per instance.
    /// </summary>
    public IEnumerable<AuditEntry> Rows(int permission)
    {
        _scratch = Scratch.Take(_subjects.IdCount);
        try
        {
            foreach (var row in Walk(permission)) yield return row;
        }
        finally
        {
            Scratch.Give(_scratch);
        }
    }

    private IEnumerable<AuditEntry> Walk(int permission)
    {
        Ask(permission);
        var (candidates, granted) = Candidates();
        for (var word = 0; word < candidates.Length; word++)
        {
            var bits = candidates[word];
            while (bits != 0)
            {
                var rank = (word << 6) + System.Numerics.BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                var user = _inNameOrder[rank];
                var name = _subjects.NameOf(user);
                CollectRoutes(user, name, IsSet(_activeSuperusers, rank), IsSet(granted, rank));
                for (var i = 0; i < _rowCount; i++)
                {
                    var row = _rows[i];
                    yield return row.Path is { } path
                        ? new AuditEntry { Permission = _permissionName, User = name, Route = row.Kind, Via = row.Via, Path = path }
                        : new AuditEntry(_permissionName, name, row.Kind, row.Via, new RoutePath(_snapshot, user, row.Holder, row.Granted, _permission));
                }
            }
        }
    }

    private static bool IsSet(ulong[] bits, int rank) => (bits[rank >> 6] & (1UL << rank)) != 0;

    /// <summary>The permissions that give <paramref name="permission"/>: itself, and each one implying it, with the implication chain its routes show.</summary>
    private void Ask(int permission)
    {
        var permissions = _snapshot.PermissionNames;
        var implications = _snapshot.Implications;
        _permission = permission;
        _permissionName = permissions[permission];
        _scratch.NextQuestion();
        _implicationSuffix[permission] = "";
        for (var other = 0; other < permissions.Count; other++)
        {
            if (other == permission || !implications.Closure(other).Contains(permission)) continue;
            var chain = implications.ChainsFrom(other).ChainTo(permission);
            _implicationSuffix[other] = " => " + string.Join(" => ", Array.ConvertAll(chain, id => permissions[id]));
        }
    }

    /// <summary>
    /// The active users who hold the permission, one bit per name rank: the superusers, those granted a giving
    /// permission (also given on their own: <c>Granted</c>), and every user inside (at any depth) a group or virtual
    /// subject granted one. Marks in the scratch every subject granted one.
    /// </summary>
    private (ulong[] Candidates, ulong[] Granted) Candidates()
    {
        var marks = (ulong[])_activeSuperusers.Clone();
        var granted = new ulong[marks.Length];
        void Mark(ulong[] bits, int user)
        {
            var rank = _subjects.RankOf(user);
            bits[rank >> 6] |= 1UL << rank;
        }

        // Groups and virtual subjects already entered are marked with a stamp of their own.
        var entered = NextStamp();
        var open = _open;
        void Enter(int node)
        {
            if (_scratch.SeenBy[node] == entered) return;
            _scratch.SeenBy[node] = entered;
            // Every user is inside anonymous and authenticated, and nothing else is (but authenticated, in anonymous).
            if (node == _subjects.Anonymous || node == _subjects.Authenticated)
            {
                for (var word = 0; word < marks.Length; word++) marks[word] |= _activeUsers[word];
                return;
            }
            open.Push(node);
        }
        for (var giving = 0; giving < _implicationSuffix.Length; giving++)
        {
            if (_implicationSuffix[giving] is null) continue;
            foreach (var subject in _granted.Of(giving))
            {
                _scratch.Holds[subject] = _scratch.Question;
                (_givingGrants.TryGetValue(subject, out var grants) ? grants : _givingGrants[subject] = []).Add(giving);
                if (_subjects.KindOf(subject) == SubjectKind.User)
                {
                    Mark(marks, subject);
                    Mark(granted, subject);
                    continue;
                }
                Enter(subject);
                while (open.Count > 0)
                {
                    foreach (var member in _membership.MembersOf(open.Pop()))
                    {
                        if (_subjects.KindOf(member) == SubjectKind.User) Mark(marks, member);
                        else Enter(member);
                    }
                }
            }
        }
        // An inactive user holds nothing.
        for (var word = 0; word < marks.Length; word++) marks[word] &= _activeUsers[word];
        return (marks, granted);
    }

    /// <summary>The user's routes in RouteTracer's order before sorting (superuser, own grants, then each group reached), then sorted as it sorts them.</summary>
    private void CollectRoutes(int user, string name, bool superuser, bool granted)
    {
        _rowCount = 0;
        _userName = name;
        if (superuser) Add(RouteKind.Superuser, "", -1, _permission);
        if (granted) AddGrants(user, RouteKind.Direct, "");

        SearchUp(user);
        for (var at = 1; at < _queued; at++)
        {
            var holder = _queue[at];
            if (_scratch.Holds[holder] != _scratch.Question) continue;
            var kind = holder == _subjects.Anonymous ? RouteKind.Anonymous
                : holder == _subjects.Authenticated ? RouteKind.Authenticated
                : RouteKind.Group;
            AddGrants(holder, kind, _subjects.NameOf(holder));
        }
        // A single route needs no Path to be placed: it is written when read (RoutePath). Several are ordered by Path.
        if (_rowCount < 2) return;
        for (var i = 0; i < _rowCount; i++) _rows[i].Path = Text(user, _rows[i].Holder, _rows[i].Granted);
        // The same sort on the same sequence as RouteTracer's List.Sort, so even equal keys land alike.
        Array.Sort(_rows, 0, _rowCount, InRouteOrder);
    }

    private void AddGrants(int holder, RouteKind kind, string via)
    {
        var names = _snapshot.PermissionNames;
        foreach (var granted in _givingGrants[holder])
        {
            if (granted == _permission) Add(kind, via, holder, granted);
            else Add(RouteKind.Implied, names[granted], holder, granted);
        }
    }

    private void Add(RouteKind kind, string via, int holder, int granted)
    {
        if (_rowCount == _rows.Length) Array.Resize(ref _rows, _rows.Length * 2);
        _rows[_rowCount++] = new RouteRow(RouteOrder.Rank(kind), kind, via, holder, granted, null);
    }

    /// <summary>
    /// Breadth-first up the user's containers, as <see cref="ShortestPaths.From"/> searches (each layer in name order,
    /// the first predecessor wins), leaving the nodes reached in <see cref="_queue"/> and their predecessors in the scratch.
    /// </summary>
    private void SearchUp(int user)
    {
        // The user itself needs no mark: containers are groups and virtual subjects, so no search comes back to a user.
        var stamp = NextStamp();
        _queue[0] = user;
        _queued = 1;
        for (var layer = 0; layer < _queued;)
        {
            var layerEnd = _queued;
            for (var at = layer; at < layerEnd; at++)
            {
                var node = _queue[at];
                foreach (var container in _membership.ContainersOf(node))
                {
                    if (_scratch.SeenBy[container] == stamp) continue;
                    _scratch.SeenBy[container] = stamp;
                    _scratch.Parent[container] = node;
                    if (_queued == _queue.Length) Array.Resize(ref _queue, _queue.Length * 2);
                    _queue[_queued++] = container;
                }
            }
            SortByName(layerEnd, _queued);
            layer = layerEnd;
        }
    }

    /// <summary>Sorts _queue[from..to) by name rank: an insertion sort, as a layer is a handful of groups.</summary>
    private void SortByName(int from, int to)
    {
        if (to - from > 32)
        {
            Array.Sort(_queue, from, to - from, _subjects.Order);
            return;
        }
        for (var i = from + 1; i < to; i++)
        {
            var node = _queue[i];
            var rank = _subjects.RankOf(node);
            var j = i - 1;
            for (; j >= from && _subjects.RankOf(_queue[j]) > rank; j--) _queue[j + 1] = _queue[j];
            _queue[j + 1] = node;
        }
    }

    private int NextStamp() => _scratch.NextStamp();

    /// <summary>
    /// The walk's arrays as long as the store, with the counters that mark them: a node is marked in the current search
    /// when SeenBy[node] == the search's stamp, a subject granted a giving permission when Holds[subject] == the
    /// question's number, so nothing needs clearing between searches, questions or snapshots. One is kept for the next
    /// walk, of whichever snapshot: arrays this size are large objects, and allocating them per question (or per
    /// snapshot after each commit) would bring on full garbage collections.
    /// </summary>
    private sealed class Scratch(int length)
    {
        private static Scratch? _kept;

        public readonly int[] SeenBy = new int[length];
        public readonly int[] Parent = new int[length];
        public readonly int[] Holds = new int[length];
        public int Stamp;
        public int Question;

        /// <summary>The kept scratch if it is long enough, else a new one with room for subjects added later.</summary>
        public static Scratch Take(int idCount)
        {
            var kept = Interlocked.Exchange(ref _kept, null);
            return kept is not null && kept.SeenBy.Length >= idCount ? kept : new Scratch(idCount + idCount / 8 + 64);
        }

        public static void Give(Scratch scratch) => Volatile.Write(ref _kept, scratch);

        public int NextStamp()
        {
            if (Stamp == int.MaxValue)
            {
                Array.Clear(SeenBy);
                Stamp = 0;
            }
            return ++Stamp;
        }

        public void NextQuestion()
        {
            if (Question == int.MaxValue)
            {
                Array.Clear(Holds);
                Question = 0;
            }
            Question++;
        }
    }

    /// <summary>
    /// The Path of a route, in one string: "user : GRANTED => … => ASKED" for the user's own grant (holder == user),
    /// "user &gt; g1 &gt; g2 : GRANTED …" through the chain the search found, "user (superuser) : ASKED" when holder is -1.
    /// </summary>
    private string Text(int user, int holder, int granted)
    {
        var length = 0;
        Append(ref length, _userName);
        if (holder < 0)
        {
            Append(ref length, " (superuser) : ");
            Append(ref length, _permissionName);
            return new string(_text, 0, length);
        }
        if (holder != user)
        {
            _chain.Clear();
            for (var node = holder; node != user; node = _scratch.Parent[node]) _chain.Add(node);
            for (var i = _chain.Count - 1; i >= 0; i--)
            {
                Append(ref length, InGroup);
                Append(ref length, _subjects.NameOf(_chain[i]));
            }
        }
        Append(ref length, Gives);
        Append(ref length, _snapshot.PermissionNames[granted]);
        Append(ref length, _implicationSuffix[granted]!);
        return new string(_text, 0, length);
    }

    private void Append(ref int length, string text)
    {
        if (length + text.Length > _text.Length) Array.Resize(ref _text, Math.Max(_text.Length * 2, length + text.Length));
        text.CopyTo(0, _text, length, text.Length);
        length += text.Length;
    }
}
