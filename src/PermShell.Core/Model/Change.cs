namespace PermShell;

[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))] // ConvertTo-Json writes the name, not the number (pwsh serialises with Newtonsoft.Json)
public enum ChangeAction
{
    Add,
    Remove,
    Update,
    Rename,
}

[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))] // ConvertTo-Json writes the name, not the number (pwsh serialises with Newtonsoft.Json)
public enum ChangeKind
{
    Permission,
    User,
    Group,
    Member,
    Grant,
    Policy,
}

/// <summary>
/// One change to a store: a closed set of sealed records, each with its own named fields (<see cref="AddGrant"/>,
/// <see cref="UpdateUser"/>, ...). Cmdlets, manifest plans and interchange readers produce them; the store applies
/// exactly these. The constructor is private to the core, so no kind is added outside it, and every consumer matches
/// the sealed types exhaustively (see <c>ChangeKindsTests</c>, which runs every kind through every consumer).
/// <see cref="Action"/> and <see cref="Kind"/> classify a change for counting and wording; nothing reads them to find
/// a field's meaning. What users see (<c>PermShell.Change</c>) is <see cref="ChangeView"/>.
/// </summary>
public abstract record Change
{
    // Private to the core: no assembly outside it can derive a change. (C# makes a record's copy constructor
    // protected, which a record outside could still chain to; nothing does, and ChangeKindsTests lists the set.)
    private protected Change(ChangeAction action, ChangeKind kind)
    {
        Action = action;
        Kind = kind;
    }

    public ChangeAction Action { get; }

    public ChangeKind Kind { get; }

    /// <summary>As users see it: "bob: Add grant WIKI_VIEW", "Remove user carol" (see <see cref="ChangeView"/>).</summary>
    public sealed override string ToString() => ChangeView.Of(this).ToString();
}

/// <summary>Grants <see cref="Permission"/> (a catalog permission or a meta-permission) to the user or group <see cref="Subject"/>.</summary>
public sealed record AddGrant(string Subject, string Permission) : Change(ChangeAction.Add, ChangeKind.Grant);

/// <summary>Takes the direct grant of <see cref="Permission"/> from <see cref="Subject"/>.</summary>
public sealed record RemoveGrant(string Subject, string Permission) : Change(ChangeAction.Remove, ChangeKind.Grant);

/// <summary>Makes the user or group <see cref="Member"/> a direct member of <see cref="Group"/>.</summary>
public sealed record AddMember(string Group, string Member) : Change(ChangeAction.Add, ChangeKind.Member);

/// <summary>Takes <see cref="Member"/> out of <see cref="Group"/>.</summary>
public sealed record RemoveMember(string Group, string Member) : Change(ChangeAction.Remove, ChangeKind.Member);

public sealed record AddUser(User User) : Change(ChangeAction.Add, ChangeKind.User);

/// <summary>Replaces the user <see cref="Before"/> (as it was read) with <see cref="After"/>; the name stays (see <see cref="RenameUser"/>).</summary>
public sealed record UpdateUser(User Before, User After) : Change(ChangeAction.Update, ChangeKind.User)
{
    public string Name => Before.Name;
}

/// <summary>Removes the user <see cref="Before"/> (as it was read) with its grants and memberships.</summary>
public sealed record RemoveUser(User Before) : Change(ChangeAction.Remove, ChangeKind.User)
{
    public string Name => Before.Name;
}

/// <summary>
/// Gives the user <see cref="Before"/> (as it was read) the name <see cref="NewName"/>, with its attributes, grants,
/// memberships and resource-policy entries; log entries written before keep the old name.
/// </summary>
public sealed record RenameUser(User Before, string NewName) : Change(ChangeAction.Rename, ChangeKind.User)
{
    public string Name => Before.Name;

    public User After => Before with { Name = NewName };
}

public sealed record AddGroup(Group Group) : Change(ChangeAction.Add, ChangeKind.Group);

/// <summary>Replaces the group <see cref="Before"/> (as it was read) with <see cref="After"/>; the name stays (see <see cref="RenameGroup"/>).</summary>
public sealed record UpdateGroup(Group Before, Group After) : Change(ChangeAction.Update, ChangeKind.Group)
{
    public string Name => Before.Name;
}

/// <summary>Removes the group <see cref="Before"/> (as it was read) with its grants and memberships, both ways.</summary>
public sealed record RemoveGroup(Group Before) : Change(ChangeAction.Remove, ChangeKind.Group)
{
    public string Name => Before.Name;
}

/// <summary>
/// Gives the group <see cref="Before"/> (as it was read) the name <see cref="NewName"/>, with its description, grants,
/// members, its memberships of other groups and the resource-policy entries for '@' it; log entries written before
/// keep the old name.
/// </summary>
public sealed record RenameGroup(Group Before, string NewName) : Change(ChangeAction.Rename, ChangeKind.Group)
{
    public string Name => Before.Name;

    public Group After => Before with { Name = NewName };
}

public sealed record AddPermission(PermissionDefinition Definition) : Change(ChangeAction.Add, ChangeKind.Permission);

/// <summary>Replaces the definition <see cref="Before"/> (as it was read) with <see cref="After"/>; a permission is never renamed.</summary>
public sealed record UpdatePermission(PermissionDefinition Before, PermissionDefinition After) : Change(ChangeAction.Update, ChangeKind.Permission)
{
    public string Name => Before.Name;
}

/// <summary>Removes the definition <see cref="Before"/> (as it was read) with its grants and implications.</summary>
public sealed record RemovePermission(PermissionDefinition Before) : Change(ChangeAction.Remove, ChangeKind.Permission)
{
    public string Name => Before.Name;
}

/// <summary>
/// Inserts the resource-policy section <see cref="Section"/> at <see cref="Position"/> (0 = checked first; past the end
/// = last) in the store's ordered list; the sections from there on move one down.
/// </summary>
public sealed record AddPolicy(PolicySection Section, int Position) : Change(ChangeAction.Add, ChangeKind.Policy)
{
    public string Resource => Section.Resource;
}

/// <summary>Replaces the entries of the section <see cref="Before"/> (as it was read) with those of <see cref="After"/>; same pattern, same place.</summary>
public sealed record UpdatePolicy(PolicySection Before, PolicySection After) : Change(ChangeAction.Update, ChangeKind.Policy)
{
    public string Resource => Before.Resource;
}

/// <summary>Removes the section <see cref="Before"/> (as it was read); the sections after it move one up.</summary>
public sealed record RemovePolicy(PolicySection Before) : Change(ChangeAction.Remove, ChangeKind.Policy)
{
    public string Resource => Before.Resource;
}
