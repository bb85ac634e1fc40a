using System.Management.Automation;
using PermShell.Core.Store;

namespace PermShell.Commands;

/// <summary>
/// Replaces a store with a backup, after checking the backup (integrity_check, intact change log). Other processes
/// see the old store or the restored one, never a mixture; the restored log records the restore.
/// </summary>
[Cmdlet(VerbsData.Restore, "PermissionStore", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(StoreInfo))]
public sealed class RestorePermissionStoreCommand : StoreCmdlet
{
    /// <summary>The backup to restore (a file written by Backup-PermissionStore, or any PermShell store).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    protected override void ProcessRecord() => Run(() =>
    {
        var backup = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        var isServer = StoreFactory.IsConnectionString(StorePath);
        var target = isServer ? StorePath : System.IO.Path.GetFullPath(StorePath);
        var action = isServer || File.Exists(target)
            ? $"Replace the store with the backup {backup} (changes made since the backup are dropped; the log records the restore)"
            : $"Create the store from the backup {backup}";
        if (!Consent.ShouldProcess(this, StoreFactory.Describe(target), action)) return;
        Core.Administration.Enforcement.RequireSuperuserToReplace(target, ChangeSource.Cmdlet(MyInvocation.MyCommand.Name));
        var store = StoreFactory.Restore(backup, target, ChangeSource.Cmdlet(MyInvocation.MyCommand.Name));
        WriteVerbose($"Restored {store.Location} from the backup {backup}.");
        WriteObject(store.Info(isDefault: StoreSessions.IsDefault(store)));
    });
}
