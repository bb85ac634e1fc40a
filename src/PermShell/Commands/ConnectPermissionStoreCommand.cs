using System.Management.Automation;
using PermShell.Core.Store;

namespace PermShell.Commands;

/// <summary>Makes a store the session's default, used by every cmdlet called without -Store.</summary>
[Cmdlet(VerbsCommunications.Connect, "PermissionStore")]
[OutputType(typeof(StoreInfo))]
public sealed class ConnectPermissionStoreCommand : PermShellCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        Run(() =>
        {
            // Opening checks that it is a store we can use, and migrates it, before it becomes the default.
            var store = StoreFactory.Open(full);
            StoreSessions.Connect(store.Location);
            WriteVerbose($"The session's default store is now {store.Location}");
            if (PassThru) WriteObject(store.Info(isDefault: true));
        });
    }
}
