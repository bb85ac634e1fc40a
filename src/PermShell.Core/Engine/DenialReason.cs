using System.Diagnostics;

namespace PermShell.Core.Engine;

/// <summary>
/// Why a subject does not hold a permission: a closed set (the constructors are not visible outside this assembly),
/// so a caller can match every case. <see cref="Text"/> is the one place where the "why not" sentences are written;
/// cmdlets, reports and warnings show it instead of writing their own. A <see cref="Decision"/> gives the first four
/// (<see cref="InactiveUser"/>, <see cref="NoRoute"/>, <see cref="UnknownSubject"/>, <see cref="UnknownPermission"/>)
/// and, for a resource, <see cref="PolicyDenied"/>;
/// the <see cref="NothingDirect"/> ones say why a revoke or a member removal finds no stored grant or membership to take.
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
        NotGrantedDirectly { Routes.Count: 0 } r => $"{r.Subject} has not been granted {r.Permission}.",
        NotGrantedDirectly r =>
            $"{r.Subject} holds {r.Permission} through a meta-permission or group ({Decision.PathsOf(r.Routes)}); it has not been granted directly, so nothing was revoked.",
        NotDirectMember { Through: null } r => $"{r.Member} is not in {r.Group}.",
        NotDirectMember r => $"{r.Member} is in {r.Group} through another group ({string.Join(" > ", r.Through!)}), not directly; remove that membership instead.",
        NothingGranted { Subject: null, Permission: null } => "Nothing is granted to anyone.",
        NothingGranted { Subject: null } r => $"Nobody has been granted {r.Permission} directly.",
        NothingGranted r => $"{r.Subject} has no grants or memberships to revoke.",
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
    /// There is no stored grant or membership to take away (Revoke-Permission, Remove-PermGroupMember). Never a reason
    /// of a <see cref="Decision"/>, which is about holding by any route: these say what there is instead.
    /// </summary>
    public abstract record NothingDirect : DenialReason
    {
        private protected NothingDirect() { }
    }

    /// <summary>
    /// The subject was not granted the permission directly; <see cref="Routes"/> are those by which it holds it anyway
    /// (empty when it does not hold it), as <see cref="From"/> reads them off the decision.
    /// </summary>
    public sealed record NotGrantedDirectly(string Subject, string Permission, IReadOnlyList<Route> Routes) : NothingDirect
    {
        public static NotGrantedDirectly From(Decision decision) => new(decision.Subject, decision.Permission, decision.Routes);
    }

    /// <summary>
    /// The member is not directly in the group: <see cref="Through"/> is the shortest chain by which it is in it anyway
    /// (member first, group last), or null when it is not in it at all.
    /// </summary>
    public sealed record NotDirectMember(string Member, string Group, IReadOnlyList<string>? Through) : NothingDirect
    {
        /// <summary>The reason for <paramref name="member"/> and <paramref name="group"/> in <paramref name="state"/>.</summary>
        public static NotDirectMember In(PermissionState state, string member, string group) =>
            new(member, group, member == group ? null : MembershipPaths.Chain(state, member, group));
    }

    /// <summary>
    /// A revoke's '*' form found nothing: no grant of <see cref="Permission"/> to anyone, nothing granted to
    /// <see cref="Subject"/>, or (both null) nothing granted at all.
    /// </summary>
    public sealed record NothingGranted(string? Subject, string? Permission) : NothingDirect;

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
