using System.Diagnostics;

namespace PermShell;

/// <summary>
/// How a <see cref="Change"/> is shown to users (SPEC §2's <c>PermShell.Change</c>): the same six columns for every
/// kind, so a plan is one table and one CSV. Subject is the object changed (permission, user, group, the grantee,
/// the group of a membership, the old name of a rename); Target is the member or the permission of a Member or Grant
/// change, or the new name of a rename; Before/After hold the records of a Permission, User or Group change. This is display only: the core reads the typed records, never
/// these columns.
/// </summary>
public sealed record ChangeView(ChangeAction Action, ChangeKind Kind, string Subject, string Target = "", object? Before = null, object? After = null)
{
    /// <summary>The type name users see and the format file selects views by.</summary>
    public const string TypeName = "PermShell.Change";

    /// <summary>The one place that decides which field of each kind shows in which column.</summary>
    public static ChangeView Of(Change change) => change switch
    {
        AddGrant c => new(c.Action, c.Kind, c.Subject, c.Permission),
        RemoveGrant c => new(c.Action, c.Kind, c.Subject, c.Permission),
        AddMember c => new(c.Action, c.Kind, c.Group, c.Member),
        RemoveMember c => new(c.Action, c.Kind, c.Group, c.Member),
        AddUser c => new(c.Action, c.Kind, c.User.Name, After: c.User),
        UpdateUser c => new(c.Action, c.Kind, c.Name, Before: c.Before, After: c.After),
        RemoveUser c => new(c.Action, c.Kind, c.Name, Before: c.Before),
        RenameUser c => new(c.Action, c.Kind, c.Name, c.NewName, c.Before, c.After),
        AddGroup c => new(c.Action, c.Kind, c.Group.Name, After: c.Group),
        UpdateGroup c => new(c.Action, c.Kind, c.Name, Before: c.Before, After: c.After),
        RemoveGroup c => new(c.Action, c.Kind, c.Name, Before: c.Before),
        RenameGroup c => new(c.Action, c.Kind, c.Name, c.NewName, c.Before, c.After),
        AddPermission c => new(c.Action, c.Kind, c.Definition.Name, After: c.Definition),
        UpdatePermission c => new(c.Action, c.Kind, c.Name, Before: c.Before, After: c.After),
        RemovePermission c => new(c.Action, c.Kind, c.Name, Before: c.Before),
        AddPolicy c => new(c.Action, c.Kind, c.Resource, After: c.Section),
        UpdatePolicy c => new(c.Action, c.Kind, c.Resource, Before: c.Before, After: c.After),
        RemovePolicy c => new(c.Action, c.Kind, c.Resource, Before: c.Before),
        _ => throw new UnreachableException($"No view for the change kind {change.GetType().Name}."),
    };

    /// <summary>A short phrase for -WhatIf: "Add grant WIKI_VIEW", "Remove member bob", "Update user", "Rename user to robert".</summary>
    public string Describe() => Kind switch
    {
        _ when Action == ChangeAction.Rename => $"Rename {Kind.ToString().ToLowerInvariant()} to {Target}",
        ChangeKind.Grant => $"{Action} grant {Target}",
        ChangeKind.Member => $"{Action} member {Target}",
        _ => $"{Action} {Kind.ToString().ToLowerInvariant()}",
    };

    public override string ToString() => Target.Length == 0 ? $"{Describe()} {Subject}" : $"{Subject}: {Describe()}";
}
