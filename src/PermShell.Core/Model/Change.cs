namespace PermShell;

public enum ChangeAction
{
    Add,
    Remove,
    Update,
}

public enum ChangeKind
{
    Permission,
    User,
    Group,
    Member,
    Grant,
}

/// <summary>
/// One change to a store. Cmdlets and manifest plans produce changes; the store applies exactly these.
/// Subject is the object changed (permission, user, group, or the grantee); Target is the member or the
/// permission for Member and Grant changes. Before/After hold the records for Permission, User and Group changes.
/// </summary>
public sealed record Change(ChangeAction Action, ChangeKind Kind, string Subject, string Target = "", object? Before = null, object? After = null)
{
    public static Change AddGrant(string subject, string permission) => new(ChangeAction.Add, ChangeKind.Grant, subject, permission);
    public static Change RemoveGrant(string subject, string permission) => new(ChangeAction.Remove, ChangeKind.Grant, subject, permission);
    public static Change AddMember(string group, string member) => new(ChangeAction.Add, ChangeKind.Member, group, member);
    public static Change RemoveMember(string group, string member) => new(ChangeAction.Remove, ChangeKind.Member, group, member);

    /// <summary>A short phrase for -WhatIf and the log: "Add grant WIKI_VIEW", "Remove member bob".</summary>
    public string Describe() => Kind switch
    {
        ChangeKind.Grant => $"{Action} grant {Target}",
        ChangeKind.Member => $"{Action} member {Target}",
        _ => $"{Action} {Kind.ToString().ToLowerInvariant()}",
    };

    public override string ToString() => Target.Length == 0 ? $"{Describe()} {Subject}" : $"{Subject}: {Describe()}";
}
