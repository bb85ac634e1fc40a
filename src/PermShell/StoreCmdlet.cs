using System.Management.Automation;
using PermShell.Core.Administration;
using PermShell.Core.Engine;
using PermShell.Core.Rules;
using PermShell.Core.Store;

namespace PermShell;

/// <summary>
/// The base of every PermShell cmdlet that works on a store: resolves it (-Store, else the session's default),
/// gives read cmdlets a snapshot and write cmdlets the pipeline's staged changes (written when the pipeline's last
/// PermShell cmdlet ends).
/// </summary>
public abstract class StoreCmdlet : PermShellCmdlet, IDisposable
{
    private IPermissionStore? _store;
    private WriteSession? _session;
    private int _stagedWhenJoined;
    private ChangeSource? _sourceToRestore;
    private bool _sourceSet;
    private CallReads? _reads;

    /// <summary>The store to use instead of the session's default: a file path, or a PostgreSQL connection string or URI.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Store { get; set; }

    /// <summary>The store's full path (or PostgreSQL connection string) as given by -Store or the session default.</summary>
    protected string StorePath => Store is null
        ? StoreSessions.DefaultPath
        : StoreFactory.IsConnectionString(Store) ? Store
        // A full file system path needs no provider (the provider's resolution costs more than the rest of a check).
        : Path.IsPathFullyQualified(Store) && !Store.Contains('`') ? Path.GetFullPath(Store)
        : SessionState.Path.GetUnresolvedProviderPathFromPSPath(Store);

    /// <summary>The store, opened (and for the default location, created) on first use.</summary>
    protected IPermissionStore OpenStore()
    {
        if (_store is not null) return _store;
        // Only the built-in default location is created on first use; a store chosen explicitly (-Store,
        // Connect-PermissionStore, $env:PERMSHELL_STORE) must exist, so a typo is not a new store.
        var createIfMissing = Store is null && !StoreSessions.IsConnected && StoreLocation.FromEnvironment() is null;
        _store = StoreFactory.Open(StorePath, createIfMissing);
        WriteVerbose($"Using store {_store.Location}");
        return _store;
    }

    /// <summary>
    /// The store's content, including what earlier cmdlets in this pipeline changed but did not commit yet. In an
    /// enforced store only an active PermShell user reads anything (PermShell.Rights.AccessDenied otherwise).
    /// </summary>
    protected PermissionSnapshot Snapshot() => Readable(ReadSnapshot(onlyFor: null));

    /// <summary>
    /// <see cref="Snapshot"/> for decisions about <paramref name="subjects"/> only (checks, effective permissions): in a
    /// process that has no snapshot of the store yet, it may hold just those subjects, their groups and the catalog
    /// (see <see cref="CallReads.ReadFor"/>), so the first answer does not wait for the whole store. Never in an
    /// enforced store, so such a snapshot has no rights to check.
    /// </summary>
    protected PermissionSnapshot SnapshotFor(IReadOnlyCollection<string> subjects) => Readable(ReadSnapshot(subjects));

    private PermissionSnapshot Readable(PermissionSnapshot snapshot)
    {
        ActorRights(snapshot)?.Require("read this store", ChangeSource.Cmdlet(MyInvocation.MyCommand.Name));
        return snapshot;
    }

    private PermissionSnapshot ReadSnapshot(IReadOnlyCollection<string>? onlyFor)
    {
        var store = OpenStore();
        if ((_session ?? StoreSessions.Current(store.Location)) is { } session) return session.Snapshot();
        // One connection for all the records of this call, kept for the next call when it ends (see CallReads).
        _reads ??= new CallReads(store);
        return onlyFor is null ? _reads.Read().Snapshot : _reads.ReadFor(onlyFor);
    }

    private RightsGate? _gate;

    /// <summary>The rights of the store's actor as of <paramref name="snapshot"/> when the store is enforced; null when it is not.</summary>
    private RightsGate? ActorRights(PermissionSnapshot snapshot)
    {
        if (!snapshot.State.IsEnforced) return null;
        if (_gate is null || !ReferenceEquals(_gate.Rights.Snapshot, snapshot)) _gate = new RightsGate(OpenStore(), snapshot);
        return _gate;
    }

    /// <summary>
    /// What the actor may see and do in an enforced store (null in an unenforced one: everything). Reads that depend on
    /// the actor (visible groups, one's own grants) ask here.
    /// </summary>
    protected ActorRights? Rights => ActorRights(Snapshot())?.Rights;

    /// <summary>
    /// A read that needs one of <paramref name="rights"/> in an enforced store (PERMISSION_AUDIT for audits and the
    /// log): refused with PermShell.Rights.AccessDenied, and logged as Denied, when the actor holds none of them.
    /// </summary>
    protected void RequireRight(string operation, params string[] rights) =>
        ActorRights(Snapshot())?.Require(operation, ChangeSource.Cmdlet(MyInvocation.MyCommand.Name), rights);

    /// <summary>
    /// A read about <paramref name="subjects"/>: one's own grants and effective permissions are free to an active user;
    /// anyone else's (or everyone's, as an empty list or a wildcard asks) needs one of <paramref name="rights"/>.
    /// </summary>
    protected void RequireOwnOr(IReadOnlyList<string>? subjects, string operation, params string[] rights)
    {
        if (Rights is not { } actor) return;
        if (subjects is { Count: > 0 } && subjects.All(s => s == actor.Actor)) return;
        RequireRight(operation, rights);
    }

    /// <summary>A group hidden from the actor (GROUP_MEMBERS_CHANGE alone, not its group) does not exist for it.</summary>
    protected static PermShellException HiddenGroup(string name) =>
        new("PermShell.Group.NotFound", ProblemKind.ObjectNotFound, $"There is no group named '{name}'.", name);

    /// <summary>Unless the store is unenforced, only a superuser may do <paramref name="operation"/> (replace the store, switch enforcement off).</summary>
    protected void RequireSuperuser(string operation) =>
        ActorRights(Snapshot())?.RequireSuperuser(operation, ChangeSource.Cmdlet(MyInvocation.MyCommand.Name));

    /// <summary>Ends this call's reads: their connection is closed, or kept for the next call (see CallReads).</summary>
    private void EndReads()
    {
        _reads?.Dispose();
        _reads = null;
    }

    /// <summary>
    /// The changes this cmdlet stages with the rest of its pipeline; nothing is written (and no lock taken) until the
    /// pipeline's last PermShell cmdlet ends. Until the current <see cref="Run"/> ends, what this cmdlet stages is
    /// logged with its own name as the source; a cmdlet further down the pipeline runs inside our WriteObject and
    /// puts our source back when its own item is done.
    /// </summary>
    protected ChangeBatch Changes
    {
        get
        {
            if (_session is null)
            {
                _session = StoreSessions.Join(OpenStore());
                _stagedWhenJoined = _session.Changes.Count;
            }
            if (!_sourceSet)
            {
                _sourceToRestore = _session.Changes.Source;
                _session.Changes.Source = ChangeSource.Cmdlet(MyInvocation.MyCommand.Name);
                _sourceSet = true;
            }
            return _session.Changes;
        }
    }

    /// <summary>After each item: a cmdlet further up the pipeline gets its own change source back.</summary>
    protected override void AfterItem()
    {
        if (_sourceSet && _session is not null && _sourceToRestore is not null) _session.Changes.Source = _sourceToRestore;
        _sourceSet = false;
    }

    protected override void EndProcessing()
    {
        EndReads();
        var session = _session;
        _session = null;
        if (session is null) return;
        Run(() =>
        {
            // -Verbose says what the pipeline wrote, once, from the cmdlet that wrote it.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            if (session.Leave(succeeded: true, _stagedWhenJoined, ReportWriteProgress) is { Count: > 0 } written)
                WriteVerbose($"Wrote {ChangeCounts.Phrase(written)} to {session.Location} in {clock.Elapsed.TotalSeconds:0.00} s.");
        });
        WriteProgress(new ProgressRecord(WriteProgressId, "Writing changes", "Done") { RecordType = ProgressRecordType.Completed });
    }

    private const int WriteProgressId = 9;
    private const int WriteProgressEvery = 500;

    /// <summary>A large batch (a manifest import) shows how far its write has come.</summary>
    private void ReportWriteProgress(int done, int total)
    {
        if (total < WriteProgressEvery || (done != 1 && done % WriteProgressEvery != 0)) return;
        WriteProgress(new ProgressRecord(WriteProgressId, "Writing changes", $"{done:N0} of {total:N0} changes") { PercentComplete = done * 100 / total });
    }

    public void Dispose()
    {
        // Reached without EndProcessing only when the pipeline failed or was stopped (Ctrl+C, a terminating
        // error, Select-Object -First): a call that did not complete writes nothing.
        EndReads();
        var session = _session;
        _session = null;
        session?.Leave(succeeded: false, _stagedWhenJoined);
        GC.SuppressFinalize(this);
    }
}
