using System.Management.Automation;
using PermShell.Core.Store;

namespace PermShell.Commands;

/// <summary>Makes a store the session's default, used by every cmdlet called without -Store.</summary>
[Cmdlet(VerbsCommunications.Connect, "PermissionStore", DefaultParameterSetName = PathSet)]
[OutputType(typeof(StoreInfo))]
public sealed class ConnectPermissionStoreCommand : PermShellCmdlet
{
    private const string PathSet = "Path";
    private const string ConnectionStringSet = "ConnectionString";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>A PostgreSQL connection string or postgres:// URI of the store to use (kept in this session only).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ConnectionStringSet)]
    [ValidateNotNullOrEmpty]
    public string ConnectionString { get; set; } = "";

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        Run(() =>
        {
            var given = ParameterSetName == ConnectionStringSet ? StoreFactory.RequireConnectionString(ConnectionString) : Path;
            var full = StoreFactory.IsConnectionString(given) ? given : SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            // Opening checks that it is a store we can use, and migrates it, before it becomes the default.
            var store = StoreFactory.Open(full);
            StoreSessions.Connect(store, full);
            WriteVerbose($"The session's default store is now {store.Location}");
            if (PassThru) WriteObject(store.Info(isDefault: true));
        });
    }
}
