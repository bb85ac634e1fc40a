using System.Management.Automation;
using PermShell.Core.Store;

namespace PermShell.Commands;

/// <summary>
/// Copies the store with SQLite's online backup while others keep using it, verifies the copy (header,
/// integrity_check, change log), and only then puts it at the destination.
/// </summary>
[Cmdlet(VerbsData.Backup, "PermissionStore", SupportsShouldProcess = true)]
[OutputType(typeof(StoreBackup))]
public sealed class BackupPermissionStoreCommand : StoreCmdlet
{
    /// <summary>The backup file to write.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Destination { get; set; } = "";

    /// <summary>Replace an existing backup (never a file that is not a PermShell store).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var store = OpenStore();
        RequireRight("back up the store", PermShell.Core.Rules.Rights.Audit);
        // Every store that the factory opens today can be backed up (SQLite); see IBackupSource.
        var source = store as IBackupSource ?? throw new NotSupportedException($"The store {store.Location} cannot be backed up.");
        var destination = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Destination);
        var action = File.Exists(destination) ? $"Replace with a backup of {store.Location}" : $"Write a backup of {store.Location}";
        if (!Consent.ShouldProcess(this, destination, action)) return;
        var backup = source.Backup(destination, Force);
        WriteVerbose($"Wrote a backup of {store.Location} (revision {backup.Revision}, {backup.LogEntries} log entries) to {backup.Path}.");
        if (!backup.LogIntact)
            WriteWarning($"The backup was written, but the store's change log is not intact: {store.VerifyLog().Message} Keep this backup; it is evidence.");
        WriteObject(backup);
    });
}
