using System.Management.Automation;
using PermShell.Core.Administration;
using PermShell.Core.Store;

namespace PermShell.Commands;

/// <summary>
/// Copies a store to a new one, of either backend (a SQLite file, a PostgreSQL schema): its content and its change
/// log entry by entry as written, so the copy's log verifies as the source's does. The source is read as one
/// consistent version while others may go on using it.
/// </summary>
[Cmdlet(VerbsCommon.Copy, "PermissionStore", SupportsShouldProcess = true)]
[OutputType(typeof(StoreInfo))]
public sealed class CopyPermissionStoreCommand : PermShellCmdlet
{
    /// <summary>The store to copy: a file path, or a PostgreSQL connection string or URI.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Source { get; set; } = "";

    /// <summary>Where to make the copy: a file path, or a PostgreSQL connection string or URI.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Destination { get; set; } = "";

    /// <summary>Replace a store at the destination.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var source = Resolve(Source);
        var destination = Resolve(Destination);
        var calledAs = ChangeSource.Cmdlet(MyInvocation.MyCommand.Name);
        // A copy reads the whole store and its log, as a backup does: in an enforced store that takes the audit right.
        var from = StoreFactory.Open(source);
        RightsGate.For(from, from.Snapshot())?.Require("copy the store", calledAs, Core.Rules.Rights.Audit);
        var action = $"Copy the store {StoreFactory.Describe(source)} here{(Force ? ", replacing any store there" : "")}";
        if (!Consent.ShouldProcess(this, StoreFactory.Describe(destination), action)) return;
        if (Force) Enforcement.RequireSuperuserToReplace(destination, calledAs);
        var copy = StoreFactory.Copy(source, destination, Force);
        var info = copy.Info(isDefault: StoreSessions.IsDefault(copy));
        WriteVerbose($"Copied the store {from.Location} to {copy.Location} (revision {info.Revision}{(info.IsEnforced ? ", enforced" : "")}).");
        var verification = copy.VerifyLog();
        if (!verification.IsIntact)
            WriteWarning($"The store was copied, but its change log is not intact (neither is the source's): {verification.Message}");
        WriteObject(info);
    });

    private string Resolve(string location) =>
        StoreFactory.IsConnectionString(location) ? location : SessionState.Path.GetUnresolvedProviderPathFromPSPath(location);
}
