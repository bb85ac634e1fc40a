using System.Diagnostics;

namespace PermShell.Core.Engine;

/// <summary>
/// Why a subject does not hold a permission: a closed set (the constructors are not visible outside this assembly),
/// so a caller can match every case. <see cref="Text"/> is the one place where the "why not" sentences are written;
/// cmdlets, reports and warnings show it instead of writing their own.
/// </summary>
public abstract record DenialReason
{
    private protected DenialReason() { }

    /// <summary>The reason in words, for people.</summary>
    public string Text => this switch
    {
        InactiveUser r => $"{r.User} is inactive, and an inactive user holds nothing.",
        UnknownSubject r => $"There is no user or group named '{r.Name}'.{ClosestNames.Hint(r.ClosestNames)}",
        UnknownPermission r => $"There is no permission named '{r.Name}'.{ClosestNames.Hint(r.ClosestNames)}",
        NoRoute r => $"no grant to {r.Subject}{NoRouteSources(r)} gives or implies it.",
        PolicyDenied { DeniedBy: null } r => $"the policy section [{r.Section.Resource}] denies every permission to {r.Subject} on {r.Resource} by its empty entry '{r.Rule}'.",
        PolicyDenied r => $"the policy section [{r.Section.Resource}] denies it to {r.Subject} on {r.Resource} by the entry '{r.Rule}' ({r.DeniedBy}{(r.DeniedBy![1..] == r.Permission ? "" : $" covers {r.Permission}")}).",
        _ => throw new UnreachableException($"{GetType().Name} has no text."),
    };

    public sealed override string ToString() => Text;

    // Whose grants were searched, as resolution defines it: a user receives what its groups, anonymous and
    // authenticated hold; authenticated what its groups and anonymous hold; a group or anonymous only its groups'.
    private static string NoRouteSources(NoRoute r) =>
        r.Kind == SubjectKind.User ? ", its groups, anonymous or authenticated"
        : r.Subject == PermissionState.Authenticated ? ", its groups or anonymous"
        : " or its groups";

    /// <summary>The user is inactive, and an inactive user (a superuser too) holds nothing.</summary>
    public sealed record InactiveUser(string User) : DenialReason;

    /// <summary>Nothing granted to the subject, or to whom it receives from, gives the permission or implies it.</summary>
    public sealed record NoRoute(string Subject, SubjectKind Kind, string Permission) : DenialReason;

    /// <summary>
    /// A resource-policy entry denies the permission on <see cref="Resource"/> (a normalised descriptor): by the name
    /// <see cref="DeniedBy"/> (<c>!WIKI_ADMIN</c>, which may cover the permission through meta-permissions), or, when
    /// that is null, because the entry is empty and denies everything.
    /// </summary>
    public sealed record PolicyDenied(string Subject, string Permission, string Resource, PolicySection Section, PolicyRule Rule, string? DeniedBy) : DenialReason;

    /// <summary>A name the question uses does not exist, so nobody can hold anything by it; the closest existing names are kept.</summary>
    public abstract record UnknownName : DenialReason
    {
        private protected UnknownName(string name, IReadOnlyList<string> closestNames)
        {
            Name = name;
            ClosestNames = closestNames;
        }

        public string Name { get; }
        public IReadOnlyList<string> ClosestNames { get; }

        /// <summary>The error a command reports for this name (id, category and target as the error catalogue has them).</summary>
        public abstract PermShellException ToException();
    }

    /// <summary>No user or group has the name (anonymous and authenticated always exist).</summary>
    public sealed record UnknownSubject : UnknownName
    {
        public UnknownSubject(string name, IReadOnlyList<string> closestNames) : base(name, closestNames) { }

        /// <summary>The reason for <paramref name="name"/> in <paramref name="state"/>, with the closest user and group names.</summary>
        public static UnknownSubject In(PermissionState state, string name) =>
            new(name, PermShell.ClosestNames.Find(name, state.Users.Keys.Concat(state.Groups.Keys)));

        public override PermShellException ToException() =>
            new("PermShell.Subject.NotFound", ProblemKind.ObjectNotFound, Text, Name);
    }

    /// <summary>The permission is not in the catalog.</summary>
    public sealed record UnknownPermission : UnknownName
    {
        public UnknownPermission(string name, IReadOnlyList<string> closestNames) : base(name, closestNames) { }

        /// <summary>The reason for <paramref name="name"/> in <paramref name="state"/>, with the closest catalog names.</summary>
        public static UnknownPermission In(PermissionState state, string name) =>
            new(name, PermShell.ClosestNames.Find(name, state.Permissions.Keys));

        public override PermShellException ToException() =>
            new("PermShell.Permission.NotFound", ProblemKind.ObjectNotFound, Text, Name);
    }
}
