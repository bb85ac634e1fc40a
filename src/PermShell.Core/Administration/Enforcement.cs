using PermShell.Core.Engine;
using PermShell.Core.Rules;
using PermShell.Core.Store;

namespace PermShell.Core.Administration;

/// <summary>
/// Switches a store's enforcement (SPEC §5, Set-PermissionStore -Enforce). Switching on adds the rights the catalog
/// lacks and makes the switching actor an active superuser in the same transaction, so nobody is locked out; only a
/// superuser switches it off. Both are logged ("Set Enforcement"); a refused switch is logged as Denied.
/// </summary>
public static class Enforcement
{
    /// <summary>
    /// The changes switching on makes to <paramref name="state"/> for <paramref name="actor"/>: the missing right
    /// definitions, and the actor made (or created as) an active superuser. Checked by the rule book's structural
    /// rules: an OS user whose name PermShell cannot take as a user name is an error, not a locked store.
    /// </summary>
    public static IReadOnlyList<Change> SwitchingOn(PermissionState state, string actor)
    {
        var changes = new List<Change>();
        foreach (var right in Rights.Definitions)
            if (!state.Permissions.ContainsKey(right.Name)) changes.Add(new AddPermission(right));
        if (state.Users.TryGetValue(actor, out var user))
        {
            if (!user.IsActive || !user.IsSuperuser) changes.Add(new UpdateUser(user, user with { IsActive = true, IsSuperuser = true }));
        }
        else
        {
            changes.Add(new AddUser(new User { Name = actor, IsActive = true, IsSuperuser = true }));
        }
        var first = RuleBook.Default.Check(state, changes.Select(c => new ProposedChange(c)).ToList()).FirstOrDefault(p => !p.IsWarning);
        if (first is not null) throw first.ToException();
        return changes;
    }

    /// <summary>
    /// Replacing a store (a restore, New-PermissionStore -Force) drops its enforcement with its content, so an enforced
    /// store is replaced only by a superuser. A file that is no store, or none at all, has nothing enforced to protect.
    /// </summary>
    public static void RequireSuperuserToReplace(string location, ChangeSource source)
    {
        IPermissionStore store;
        try
        {
            // StoreFactory chooses the backend; a location with no store behind it throws, and has nothing to protect.
            store = StoreFactory.Open(location);
            // The flag first: an unenforced store of 100,000 users took a second to load just to learn that it is not.
            if (!store.IsEnforced()) return;
        }
        catch (PermShellException)
        {
            return;
        }
        RightsGate.For(store, store.Snapshot())?.RequireSuperuser("replace this enforced store", source);
    }

    /// <summary>
    /// Switches <paramref name="store"/> on or off as <paramref name="store"/>'s actor; returns the changes made with it
    /// (empty when it was already so). <paramref name="confirm"/> is asked once with what will happen, before anything is
    /// written; false leaves the store as it is.
    /// </summary>
    public static IReadOnlyList<Change>? Switch(IPermissionStore store, bool enforce, ChangeSource source, Func<string, bool> confirm)
    {
        var batch = store.BeginBatch(source);
        var state = batch.State;
        if (state.IsEnforced == enforce) return [];
        if (!enforce) new RightsGate(store, batch.Snapshot).RequireSuperuser("switch enforcement off", source);
        var changes = enforce ? SwitchingOn(state, store.Actor) : [];
        var what = enforce
            ? $"Switch enforcement on; {store.Actor} becomes an active superuser" + (changes.OfType<AddPermission>().Any()
                ? $" and the catalog gains {string.Join(", ", changes.OfType<AddPermission>().Select(c => c.Definition.Name))}" : "")
            : "Switch enforcement off: every user may change everything again";
        if (!confirm(what)) return null;
        foreach (var change in changes) batch.Apply(change);
        batch.Enforce = enforce;
        store.Commit(batch);
        return changes;
    }
}
