using PermShell.Core.Rules;
using PermShell.Core.Store;

namespace PermShell.Core.Administration;

/// <summary>
/// Where an enforced store's rights meet its changes: every change staged in a <see cref="ChangeBatch"/> of an
/// enforced store is admitted here first, by the rights rules of the rule book, with the actor the store names (never
/// one a caller claims). A refusal writes a Denied entry in the change log (its own transaction: the refused changes
/// are never written) and raises PermShell.Rights.AccessDenied. Reads that need a right ask here too.
/// </summary>
public sealed class RightsGate
{
    private readonly IPermissionStore _store;

    /// <param name="snapshot">The store as the batch or the read saw it: what the actor holds is judged on it.</param>
    public RightsGate(IPermissionStore store, Engine.PermissionSnapshot snapshot)
    {
        _store = store;
        Rights = new ActorRights(store.Actor, snapshot);
    }

    /// <summary>A gate when the store of <paramref name="snapshot"/> is enforced; null when it is not (no right is checked).</summary>
    public static RightsGate? For(IPermissionStore store, Engine.PermissionSnapshot snapshot) =>
        snapshot.State.IsEnforced ? new RightsGate(store, snapshot) : null;

    public ActorRights Rights { get; }

    /// <summary>
    /// Admits <paramref name="changes"/> made to <paramref name="state"/> as a whole, or refuses them all: every change
    /// the actor may not make is logged as Denied and listed in the one error raised.
    /// </summary>
    public void Admit(PermissionState state, IReadOnlyList<Change> changes, ChangeSource source)
    {
        var denied = Refusals(Rights, state, changes);
        if (denied.Count > 0) Refuse(source, denied);
    }

    /// <summary>
    /// A batch committed to a store that moved on since it was staged is judged again on the store as the commit finds
    /// it (<paramref name="now"/>): another process may have taken the actor's rights, or switched enforcement on,
    /// meanwhile. Returns the changes refused now, with the gate that refuses them (<see cref="Refuse"/>); nothing when
    /// the store is not enforced now and the batch was not staged under enforcement.
    /// </summary>
    public static (RightsGate? Gate, IReadOnlyList<Problem> Refused) RecheckAtCommit(IPermissionStore store, Engine.PermissionSnapshot now, ChangeBatch batch)
    {
        if (batch.Gate is null && !now.State.IsEnforced) return (null, []);
        var gate = new RightsGate(store, now);
        return (gate, Refusals(gate.Rights, now.State, batch.Staged.Select(s => s.Change).ToList()));
    }

    /// <summary>Logs <paramref name="denied"/> as Denied entries and raises the one AccessDenied error that lists them.</summary>
    public void Refuse(ChangeSource source, IReadOnlyList<Problem> denied)
    {
        Record(source, denied);
        throw AccessDenied.Exception(denied);
    }

    private static IReadOnlyList<Problem> Refusals(ActorRights rights, PermissionState state, IReadOnlyList<Change> changes)
    {
        var context = new RuleContext(state, changes.Select(c => new ProposedChange(c)).ToList()) { Rights = rights };
        return RuleBook.AdministrationRights.Check(context).Where(p => !p.IsWarning).ToList();
    }

    /// <summary>
    /// A read (or an operation that is no change, such as switching enforcement off) that needs one of
    /// <paramref name="rights"/>, or superuser status when none is named: refused and logged otherwise. Every read of an
    /// enforced store needs an active user, so with no right named it checks just that.
    /// </summary>
    public void Require(string operation, ChangeSource source, params string[] rights)
    {
        var missing = !Rights.IsActiveUser ? "it must be an active PermShell user"
            : rights.Length == 0 ? null
            : Rights.HoldsAny(rights) ? null
            : $"it needs {string.Join(" or ", rights)}";
        if (missing is null) return;
        Refuse(operation, source, missing);
    }

    /// <summary>An operation only a superuser may perform (switching enforcement off, replacing the store).</summary>
    public void RequireSuperuser(string operation, ChangeSource source)
    {
        if (!Rights.IsSuperuser) Refuse(operation, source, $"it needs {Rules.Rights.Superuser}");
    }

    private void Refuse(string operation, ChangeSource source, string missing)
    {
        var error = AccessDenied.Exception(Rights.Actor, operation, missing);
        Record(source, [new Problem(AccessDenied.Id, error.Message, operation)]);
        throw error;
    }

    /// <summary>
    /// Logs the refusal as Denied entries. An actor that may not write the store at all (a PostgreSQL role with only
    /// SELECT, a read-only file) leaves no entry: the refusal is still the error it gets, not the store's ReadOnly.
    /// </summary>
    private void Record(ChangeSource source, IReadOnlyList<Problem> denied)
    {
        try
        {
            _store.RecordDenied(source, denied);
        }
        catch (PermShellException e) when (e.ErrorId == "PermShell.Store.ReadOnly")
        {
            // Nothing to log with: the store's own privileges already keep this actor out.
        }
    }
}
