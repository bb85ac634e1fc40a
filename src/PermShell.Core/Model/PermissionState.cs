namespace PermShell;

/// <summary>
/// The whole content of a store held in memory: the catalog, users, groups, memberships and grants.
/// The store loads and writes it; the engine indexes it. Names compare ordinally.
/// Its tables are persistent maps (<see cref="StateMap{TValue}"/>) and its sets read-only (<see cref="ReadOnlyNameSet"/>),
/// so <see cref="Clone"/> is O(1) and a change copies only the entries it touches. A snapshot freezes the state it owns: from then on it is
/// read-only, and a writer works on a clone.
/// </summary>
public sealed class PermissionState
{
    public const string Anonymous = "anonymous";
    public const string Authenticated = "authenticated";

    private bool _frozen;

    public PermissionState()
    {
        Permissions = new StateMap<PermissionDefinition>(this, null);
        Users = new StateMap<User>(this, null);
        Groups = new StateMap<Group>(this, null);
        Members = new StateMap<IReadOnlySet<string>>(this, ReadOnlyNameSet.Of);
        Grants = new StateMap<IReadOnlySet<string>>(this, ReadOnlyNameSet.Of);
    }

    private PermissionState(PermissionState from)
    {
        Permissions = from.Permissions.CopyFor(this);
        Users = from.Users.CopyFor(this);
        Groups = from.Groups.CopyFor(this);
        Members = from.Members.CopyFor(this);
        Grants = from.Grants.CopyFor(this);
        _isEnforced = from._isEnforced;
        _policies = from._policies;
    }

    public StateMap<PermissionDefinition> Permissions { get; }
    public StateMap<User> Users { get; }
    public StateMap<Group> Groups { get; }
    /// <summary>Group name → names of its direct members (users and groups). Sets are stored as read-only copies.</summary>
    public StateMap<IReadOnlySet<string>> Members { get; }
    /// <summary>Subject name (user, group, anonymous, authenticated) → permission names granted to it. Sets are stored as read-only copies.</summary>
    public StateMap<IReadOnlySet<string>> Grants { get; }

    private bool _isEnforced;

    /// <summary>
    /// Whether the store is enforced (SPEC §5): its changes and reads are held to the actor's rights. A store flag, not
    /// a table: each backend loads it with the rest of the content, so it belongs to the version read.
    /// </summary>
    public bool IsEnforced
    {
        get => _isEnforced;
        set
        {
            ThrowIfFrozen();
            _isEnforced = value;
        }
    }

    /// <summary>
    /// The resource policy: sections in the order they are checked, one per resource pattern. The list is replaced, never
    /// changed in place, so clones share it.
    /// </summary>
    public IReadOnlyList<PolicySection> Policies
    {
        get => _policies;
        set
        {
            ThrowIfFrozen();
            _policies = value.ToArray();
        }
    }

    private IReadOnlyList<PolicySection> _policies = [];

    /// <summary>The position of the section for <paramref name="resource"/>, or -1.</summary>
    public int PolicyIndexOf(string resource)
    {
        for (var i = 0; i < _policies.Count; i++)
            if (_policies[i].Resource == resource) return i;
        return -1;
    }

    /// <summary>Whether the state is read-only (a snapshot owns it).</summary>
    public bool IsFrozen => _frozen;

    public static bool IsVirtual(string name) => name is Anonymous or Authenticated;

    /// <summary>What the name stands for, or null when it is no subject in this state.</summary>
    public SubjectKind? KindOf(string name) =>
        IsVirtual(name) ? SubjectKind.Virtual
        : Users.ContainsKey(name) ? SubjectKind.User
        : Groups.ContainsKey(name) ? SubjectKind.Group
        : null;

    public IReadOnlySet<string> GrantsOf(string subject) =>
        Grants.TryGetValue(subject, out var set) ? set : EmptySet;

    public IReadOnlySet<string> MembersOf(string group) =>
        Members.TryGetValue(group, out var set) ? set : EmptySet;

    /// <summary>A writable copy that shares every entry with this one (O(1)); changing either leaves the other as it was.</summary>
    public PermissionState Clone() => new(this);

    /// <summary>Makes this state read-only for good; done by the snapshot that takes it.</summary>
    public PermissionState Freeze()
    {
        _frozen = true;
        return this;
    }

    internal void ThrowIfFrozen()
    {
        if (_frozen)
            throw new InvalidOperationException("This state belongs to a snapshot and is read-only; change a Clone() of it instead.");
    }

    private static readonly IReadOnlySet<string> EmptySet = ReadOnlyNameSet.Empty;
}
