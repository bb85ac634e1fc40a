using System.Management.Automation;
using PermShell.Core.Administration;
using PermShell.Core.Engine;
using PermShell.Core.Store;

namespace PermShell;

/// <summary>
/// The base of every PermShell cmdlet: resolves the store (-Store, else the session's default), gives read
/// cmdlets a snapshot and write cmdlets the pipeline's shared transaction, and maps core errors to records.
/// </summary>
public abstract class PermShellCmdlet : PSCmdlet, IDisposable
{
    private PermissionStore? _store;
    private WriteSession? _session;
    private int _appliedWhenJoined;
    private CmdletHost? _host;
    private ChangeSource? _sourceToRestore;
    private bool _sourceSet;

    /// <summary>The store file to use instead of the session's default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Store { get; set; }

    /// <summary>The store's full path as given by -Store or the session default.</summary>
    protected string StorePath => Store is null
        ? StoreSessions.DefaultPath
        : SessionState.Path.GetUnresolvedProviderPathFromPSPath(Store);

    /// <summary>The store, opened (and for the default location, created) on first use.</summary>
    protected PermissionStore OpenStore()
    {
        if (_store is not null) return _store;
        // Only the built-in default location is created on first use; a store chosen explicitly (-Store,
        // Connect-PermissionStore, $env:PERMSHELL_STORE) must exist, so a typo is not a new store.
        var createIfMissing = Store is null && !StoreSessions.IsConnected && StoreLocation.FromEnvironment() is null;
        _store = PermissionStore.Open(StorePath, createIfMissing);
        WriteVerbose($"Using store {_store.Path}");
        return _store;
    }

    /// <summary>The store's content, including what earlier cmdlets in this pipeline changed but did not commit yet.</summary>
    protected PermissionSnapshot Snapshot()
    {
        var store = OpenStore();
        return (_session ?? StoreSessions.Current(store.Path))?.Snapshot() ?? store.Snapshot();
    }

    /// <summary>
    /// The write transaction this cmdlet shares with the rest of its pipeline. Until the current <see cref="Run"/>
    /// ends, what this cmdlet applies is logged with its own name as the source; a cmdlet further down the pipeline
    /// runs inside our WriteObject and puts our source back when its own item is done.
    /// </summary>
    protected StoreWriter Writer
    {
        get
        {
            if (_session is null)
            {
                _session = StoreSessions.Join(OpenStore());
                _appliedWhenJoined = _session.Writer.Applied.Count;
            }
            if (!_sourceSet)
            {
                _sourceToRestore = _session.Writer.Source;
                _session.Writer.Source = ChangeSource.Cmdlet(MyInvocation.MyCommand.Name);
                _sourceSet = true;
            }
            return _session.Writer;
        }
    }

    protected IHostContext Context => _host ??= new CmdletHost(this);

    /// <summary>Runs one item's work: a core error becomes an error record (terminating only for store failures).</summary>
    protected void Run(Action work)
    {
        try
        {
            work();
        }
        catch (PermShellException e) when (!ErrorMapping.IsTerminating(e))
        {
            WriteError(ErrorMapping.ToRecord(e));
        }
        catch (PermShellException e)
        {
            ThrowTerminatingError(ErrorMapping.ToRecord(e));
        }
        finally
        {
            if (_sourceSet && _session is not null && _sourceToRestore is not null) _session.Writer.Source = _sourceToRestore;
            _sourceSet = false;
        }
    }

    protected override void EndProcessing()
    {
        var session = _session;
        _session = null;
        if (session is not null) Run(() => session.Leave(succeeded: true, _appliedWhenJoined));
    }

    public void Dispose()
    {
        // Reached without EndProcessing only when the pipeline failed or was stopped (Ctrl+C, a terminating
        // error, Select-Object -First): a call that did not complete applies nothing.
        var session = _session;
        _session = null;
        session?.Leave(succeeded: false, _appliedWhenJoined);
        GC.SuppressFinalize(this);
    }
}
