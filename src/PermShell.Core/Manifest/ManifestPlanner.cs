namespace PermShell.Core.Manifest;

/// <summary>
/// The diff between a store and a manifest as the <see cref="Change"/>s that make the store match it: what
/// Compare-PermissionManifest shows, -WhatIf prints and the import applies, the same objects in all three.
/// The input is assumed valid (<see cref="ManifestValidator"/>).
/// </summary>
/// <remarks>
/// The order suits one StoreWriter transaction: every removal before any addition (a user removed and a group of
/// the same name added share the subject table), grants and memberships removed before their subjects and
/// permissions (explicitly, so the plan shows what the cascades would otherwise hide), and then permissions,
/// users, groups, memberships and grants added in that order, each after what it refers to. Within a step,
/// changes are ordinal by subject and target, so a plan reads the same every time. Policy sections come last:
/// removals, then updates, then additions in the order they take (see <see cref="PolicyPlan"/>).
/// </remarks>
public static class ManifestPlanner
{
    public static IReadOnlyList<Change> Plan(PermissionState current, ManifestDocument desired, ManifestMode mode) =>
        new Diff(current, mode).Run(desired);

    private sealed class Diff(PermissionState current, ManifestMode mode)
    {
        private readonly HashSet<(string Subject, string Permission)> _removeGrants = new();
        private readonly HashSet<(string Group, string Member)> _removeMembers = new();
        // Record changes with the name they are ordered by in the plan.
        private readonly List<(string Name, Change Change)> _removeSubjects = new();
        private readonly List<(string Name, Change Change)> _removePermissions = new();
        private readonly HashSet<string> _removedPermissions = new(StringComparer.Ordinal);
        private readonly List<(string Name, Change Change)> _permissions = new();
        private readonly List<(string Name, Change Change)> _users = new();
        private readonly List<(string Name, Change Change)> _groups = new();
        private readonly List<(string Group, string Member)> _addMembers = new();
        private readonly List<(string Subject, string Permission)> _addGrants = new();
        private Dictionary<string, List<string>>? _groupsOfMember;
        private HashSet<string> _protected = new(StringComparer.Ordinal);

        private bool Sync => mode == ManifestMode.Sync;

        /// <summary>
        /// What Sync leaves to a protected subject: the subject, its grants (unless Sync removes the permission) and its
        /// memberships both ways (unless Sync removes the other side).
        /// </summary>
        private bool Keeps(string subject) => _protected.Contains(subject);

        public IReadOnlyList<Change> Run(ManifestDocument desired)
        {
            _protected = new HashSet<string>((desired.Protected ?? []).Select(n => n.Value), StringComparer.Ordinal);
            if (desired.Permissions is { } permissions) PlanPermissions(permissions);
            if (desired.Users is { } users) PlanUsers(users);
            if (desired.Groups is { } groups) PlanGroups(groups);

            var plan = new List<Change>();
            plan.AddRange(Ordered(_removeGrants.Where(g => !Keeps(g.Subject) || _removedPermissions.Contains(g.Permission)))
                .Select(g => new RemoveGrant(g.Item1, g.Item2)));
            // A membership of a protected subject goes only with a group or member that Sync removes.
            var removedSubjects = _removeSubjects.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
            plan.AddRange(Ordered(_removeMembers.Where(m => !(Keeps(m.Group) || Keeps(m.Member)) || removedSubjects.Contains(m.Group) || removedSubjects.Contains(m.Member)))
                .Select(m => new RemoveMember(m.Item1, m.Item2)));
            plan.AddRange(ByName(_removeSubjects));
            plan.AddRange(ByName(_removePermissions));
            plan.AddRange(ByName(_permissions));
            plan.AddRange(ByName(_users));
            plan.AddRange(ByName(_groups));
            plan.AddRange(Ordered(_addMembers).Select(m => new AddMember(m.Item1, m.Item2)));
            plan.AddRange(Ordered(_addGrants).Select(g => new AddGrant(g.Item1, g.Item2)));
            if (desired.Policies is { } policies) plan.AddRange(PolicyPlan.Changes(current.Policies, PolicyPlan.Target(current.Policies, policies, mode)));
            return plan;
        }

        private void PlanPermissions(IReadOnlyList<ManifestPermission> permissions)
        {
            var listed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in permissions)
            {
                listed.Add(p.Name);
                current.Permissions.TryGetValue(p.Name, out var before);
                var after = Definition(p, before);
                if (before is null) _permissions.Add((p.Name, new AddPermission(after)));
                else if (!after.Equals(before)) _permissions.Add((p.Name, new UpdatePermission(before, after)));
            }
            if (!Sync) return;
            var removed = new HashSet<string>(current.Permissions.Keys.Where(n => !listed.Contains(n)), StringComparer.Ordinal);
            _removedPermissions.UnionWith(removed);
            foreach (var name in removed)
                _removePermissions.Add((name, new RemovePermission(current.Permissions[name])));
            if (removed.Count == 0) return;
            foreach (var (subject, granted) in current.Grants)
                foreach (var permission in granted)
                    if (removed.Contains(permission)) _removeGrants.Add((subject, permission));
        }

        /// <summary>Merge keeps what the manifest leaves unstated; Sync (and a new permission) takes the defaults.</summary>
        private PermissionDefinition Definition(ManifestPermission p, PermissionDefinition? before)
        {
            var implies = p.Implies?.Select(n => n.Value).Distinct(StringComparer.Ordinal).ToList();
            PermissionDefinition after;
            if (before is not null && !Sync)
            {
                after = before with
                {
                    App = p.App ?? before.App,
                    Model = p.Model ?? before.Model,
                    Description = p.Description ?? before.Description,
                    Implies = implies ?? before.Implies,
                };
            }
            else
            {
                var (app, codeName) = PermissionNaming.Split(p.Name);
                after = new PermissionDefinition
                {
                    Name = p.Name,
                    App = p.App ?? app,
                    Model = p.Model ?? "",
                    CodeName = codeName,
                    Description = p.Description ?? "",
                    Implies = implies ?? [],
                };
            }
            // Implications are a set: the same names in another order are no change.
            if (before is not null && before.Implies.ToHashSet(StringComparer.Ordinal).SetEquals(after.Implies))
                after = after with { Implies = before.Implies };
            return after;
        }

        private void PlanUsers(IReadOnlyList<ManifestUser> users)
        {
            var listed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var u in users)
            {
                listed.Add(u.Name);
                current.Users.TryGetValue(u.Name, out var before);
                var after = before is not null && !Sync
                    ? before with
                    {
                        DisplayName = u.DisplayName ?? before.DisplayName,
                        Email = u.Email ?? before.Email,
                        IsActive = u.Active ?? before.IsActive,
                        IsSuperuser = u.Superuser ?? before.IsSuperuser,
                    }
                    : new User
                    {
                        Name = u.Name,
                        DisplayName = u.DisplayName ?? "",
                        Email = u.Email ?? "",
                        IsActive = u.Active ?? true,
                        IsSuperuser = u.Superuser ?? false,
                    };
                if (before is null) _users.Add((u.Name, new AddUser(after)));
                else if (after != before) _users.Add((u.Name, new UpdateUser(before, after)));
                Reconcile(u.Grants, current.GrantsOf(u.Name), g => _addGrants.Add((u.Name, g)), g => _removeGrants.Add((u.Name, g)));
            }
            if (!Sync) return;
            foreach (var (name, user) in current.Users)
            {
                if (listed.Contains(name) || Keeps(name)) continue;
                _removeSubjects.Add((name, new RemoveUser(user)));
                RemoveEverythingOf(name);
            }
        }

        private void PlanGroups(IReadOnlyList<ManifestGroup> groups)
        {
            var listed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var g in groups)
            {
                listed.Add(g.Name);
                Reconcile(g.Grants, current.GrantsOf(g.Name), p => _addGrants.Add((g.Name, p)), p => _removeGrants.Add((g.Name, p)));
                if (g.IsVirtual) continue;
                Reconcile(g.Members, current.MembersOf(g.Name), m => _addMembers.Add((g.Name, m)), m => _removeMembers.Add((g.Name, m)));
                if (!current.Groups.TryGetValue(g.Name, out var before))
                {
                    _groups.Add((g.Name, new AddGroup(new Group { Name = g.Name, Description = g.Description ?? "" })));
                    continue;
                }
                var description = g.Description ?? (Sync ? "" : before.Description);
                if (description != before.Description)
                    _groups.Add((g.Name, new UpdateGroup(before, before with { Description = description })));
            }
            if (!Sync) return;
            foreach (var (name, group) in current.Groups)
            {
                if (listed.Contains(name) || Keeps(name)) continue;
                _removeSubjects.Add((name, new RemoveGroup(group)));
                RemoveEverythingOf(name);
                foreach (var member in current.MembersOf(name)) _removeMembers.Add((name, member));
            }
            // anonymous and authenticated cannot be removed; not listed, they lose their grants.
            foreach (var name in new[] { PermissionState.Anonymous, PermissionState.Authenticated })
                if (!listed.Contains(name))
                    foreach (var permission in current.GrantsOf(name)) _removeGrants.Add((name, permission));
        }

        /// <summary>Adds what is listed and missing; in Sync also removes what is there and not listed (unstated = none).</summary>
        private void Reconcile(IReadOnlyList<ManifestName>? listed, IReadOnlySet<string> present, Action<string> add, Action<string> remove)
        {
            if (listed is null && !Sync) return;
            var wanted = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in listed ?? [])
                if (wanted.Add(name.Value) && !present.Contains(name.Value)) add(name.Value);
            if (!Sync) return;
            foreach (var name in present)
                if (!wanted.Contains(name)) remove(name);
        }

        /// <summary>A removed subject's grants and memberships, as explicit removals.</summary>
        private void RemoveEverythingOf(string subject)
        {
            foreach (var permission in current.GrantsOf(subject)) _removeGrants.Add((subject, permission));
            _groupsOfMember ??= GroupsOfMember();
            if (_groupsOfMember.TryGetValue(subject, out var groups))
                foreach (var group in groups) _removeMembers.Add((group, subject));
        }

        private Dictionary<string, List<string>> GroupsOfMember()
        {
            var index = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var (group, members) in current.Members)
                foreach (var member in members)
                {
                    if (!index.TryGetValue(member, out var list)) index[member] = list = new List<string>();
                    list.Add(group);
                }
            return index;
        }

        private static IEnumerable<Change> ByName(List<(string Name, Change Change)> changes) =>
            changes.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => c.Change);

        private static IEnumerable<(string, string)> Ordered(IEnumerable<(string, string)> pairs) =>
            pairs.OrderBy(p => p.Item1, StringComparer.Ordinal).ThenBy(p => p.Item2, StringComparer.Ordinal);
    }
}
