namespace PermShell.Core.Rules;

/// <summary>
/// What a rule judges: the state before, the proposed changes (each with its location), and questions about the
/// state after them, answered from the state before plus what the changes add and remove so that no copy of the
/// store is made. Case-insensitive indexes and the group graph are built only when a rule asks.
/// </summary>
public sealed class RuleContext
{
    private readonly HashSet<string> _addedPermissions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _removedPermissions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SubjectKind> _addedSubjects = new(StringComparer.Ordinal);
    private readonly HashSet<string> _removedSubjects = new(StringComparer.Ordinal);
    private readonly HashSet<(string Group, string Member)> _removedMembers = new();
    private Dictionary<string, List<string>>? _permissionsIgnoringCase;
    private Dictionary<string, List<string>>? _subjectsIgnoringCase;
    private int _hintsLeft = 50;

    public RuleContext(PermissionState before, IReadOnlyList<ProposedChange> changes)
    {
        Before = before;
        Changes = changes;
        // A name removed and added again stays in both: "removed" is about the stored object, "added" about the new one.
        foreach (var proposed in changes)
        {
            switch (proposed.Change)
            {
                case AddPermission c: _addedPermissions.Add(c.Definition.Name); break;
                case RemovePermission c: _removedPermissions.Add(c.Name); _addedPermissions.Remove(c.Name); break;
                case AddUser c: _addedSubjects[c.User.Name] = SubjectKind.User; break;
                case AddGroup c: _addedSubjects[c.Group.Name] = SubjectKind.Group; break;
                case RemoveUser c: _removedSubjects.Add(c.Name); _addedSubjects.Remove(c.Name); break;
                case RemoveGroup c: _removedSubjects.Add(c.Name); _addedSubjects.Remove(c.Name); break;
                case RemoveMember c: _removedMembers.Add((c.Group, c.Member)); break;
                // A rename takes the old name and gives the new one; the grants and memberships go with it.
                case RenameUser c: Rename(c.Name, c.NewName, SubjectKind.User); break;
                case RenameGroup c: Rename(c.Name, c.NewName, SubjectKind.Group); break;
            }
        }
    }

    private void Rename(string name, string newName, SubjectKind kind)
    {
        _removedSubjects.Add(name);
        _addedSubjects.Remove(name);
        _addedSubjects[newName] = kind;
    }

    /// <summary>
    /// Who asks for the changes, for rules that judge rights (null where the caller does not say). A rule that needs
    /// more (the actor's rights, a resource's policy) reads it from here and is added to the book as one more rule.
    /// </summary>
    public string? Actor { get; init; }

    private ActorRights? _rights;

    /// <summary>
    /// What <see cref="Actor"/> may do, judged on the store before the changes; null when no actor is given (an
    /// unenforced store, a manifest checked without a store), and then the rights rules say nothing. Built on first use
    /// (an index of the state), or given by the caller who already has it (an enforced write session).
    /// </summary>
    public ActorRights? Rights
    {
        get => _rights ??= Actor is null ? null : new ActorRights(Actor, new Engine.PermissionSnapshot(Before.Clone()));
        init
        {
            _rights = value;
            Actor ??= value?.Actor;
        }
    }

    /// <summary>The store's content the changes are made to.</summary>
    public PermissionState Before { get; }

    /// <summary>The changes in the order they will be applied.</summary>
    public IReadOnlyList<ProposedChange> Changes { get; }

    /// <summary>Whether <paramref name="name"/> is a defined permission once the changes are made.</summary>
    public bool IsPermissionAfter(string name) =>
        _addedPermissions.Contains(name) || (!_removedPermissions.Contains(name) && Before.Permissions.ContainsKey(name));

    /// <summary>What <paramref name="name"/> stands for once the changes are made (virtual for anonymous, authenticated).</summary>
    public SubjectKind? SubjectKindAfter(string name) =>
        PermissionState.IsVirtual(name) ? SubjectKind.Virtual
        : _addedSubjects.TryGetValue(name, out var added) ? added
        : _removedSubjects.Contains(name) ? null
        : Before.KindOf(name);

    /// <summary>Whether the changes add the user or group <paramref name="name"/>.</summary>
    public bool AddsSubject(string name) => _addedSubjects.ContainsKey(name);

    /// <summary>Whether the changes remove the stored user, group or permission <paramref name="name"/>.</summary>
    public bool Removes(string name) => _removedSubjects.Contains(name) || _removedPermissions.Contains(name);

    /// <summary>Whether a stored membership survives the changes.</summary>
    public bool KeepsMembership(string group, string member) =>
        !_removedMembers.Contains((group, member)) && !_removedSubjects.Contains(group) && !_removedSubjects.Contains(member);

    public IEnumerable<string> PermissionsAfter =>
        Before.Permissions.Keys.Where(p => !_removedPermissions.Contains(p)).Concat(_addedPermissions.Where(p => !Before.Permissions.ContainsKey(p) || _removedPermissions.Contains(p)));

    /// <summary>Users and groups once the changes are made (the virtual groups not included).</summary>
    public IEnumerable<string> SubjectsAfter =>
        Before.Users.Keys.Concat(Before.Groups.Keys).Where(s => !_removedSubjects.Contains(s))
            .Concat(_addedSubjects.Keys.Where(s => Before.KindOf(s) is null || _removedSubjects.Contains(s)));

    /// <summary>A permission, after the changes, that differs from <paramref name="name"/> by case only; or null.</summary>
    public string? PermissionTwin(string name) => Twin(_permissionsIgnoringCase ??= IgnoringCase(PermissionsAfter), name);

    /// <summary>A subject after the changes (anonymous and authenticated included) that differs from <paramref name="name"/> by case only; or null.</summary>
    public string? SubjectTwin(string name) =>
        Twin(_subjectsIgnoringCase ??= IgnoringCase(SubjectsAfter.Append(PermissionState.Anonymous).Append(PermissionState.Authenticated)), name);

    /// <summary>
    /// " Did you mean …" for the first problems only: each hint scans every candidate, and a file that forgot a whole
    /// section can hold 100,000 broken references into a 100,000-name store.
    /// </summary>
    public string Hint(string name, IEnumerable<string> candidates) => _hintsLeft-- > 0 ? ClosestNames.Hint(name, candidates) : "";

    private static Dictionary<string, List<string>> IgnoringCase(IEnumerable<string> names)
    {
        var index = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            if (!index.TryGetValue(name, out var list)) index[name] = list = new List<string>(1);
            if (!list.Contains(name, StringComparer.Ordinal)) list.Add(name);
        }
        foreach (var list in index.Values) list.Sort(StringComparer.Ordinal);
        return index;
    }

    private static string? Twin(Dictionary<string, List<string>> index, string name) =>
        index.TryGetValue(name, out var list) ? list.FirstOrDefault(n => n != name) : null;
}
