using System.Management.Automation;

namespace PermShell.Commands;

/// <summary>Shows the store in use (or the one named by -Store): path, schema version and counts.</summary>
[Cmdlet(VerbsCommon.Get, "PermissionStore")]
[OutputType(typeof(StoreInfo))]
public sealed class GetPermissionStoreCommand : StoreCmdlet
{
    protected override void ProcessRecord() => Run(() =>
    {
        var store = OpenStore();
        WriteObject(store.Info(isDefault: StoreSessions.IsDefault(store)));
    });
}
