using System.Management.Automation;
using PermShell.Core.Administration;
using PermShell.Core.Store;

namespace PermShell.Commands;

/// <summary>
/// Switches a store's enforcement (SPEC §5): -Enforce holds every change and read to the actor's rights, and makes the
/// actor an active superuser so nobody is locked out; -Enforce:$false (superuser only) switches it off. The actor is
/// the store's own (the OS user on SQLite): no parameter names another.
/// </summary>
[Cmdlet(VerbsCommon.Set, "PermissionStore", SupportsShouldProcess = true)]
[OutputType(typeof(StoreInfo))]
public sealed class SetPermissionStoreCommand : StoreCmdlet
{
    /// <summary>Switch enforcement on (-Enforce) or off (-Enforce:$false).</summary>
    [Parameter(Mandatory = true)]
    public SwitchParameter Enforce { get; set; }

    /// <summary>Write the store's information afterwards.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var store = OpenStore();
        if (store.Snapshot().State.IsEnforced == Enforce.IsPresent)
            WriteVerbose($"Enforcement of {store.Location} is already {(Enforce.IsPresent ? "on" : "off")}; nothing changed.");
        else if (Enforcement.Switch(store, Enforce.IsPresent, ChangeSource.Cmdlet(MyInvocation.MyCommand.Name), what => ShouldProcess(store.Location, what)) is { } changes)
            WriteVerbose($"Switched enforcement of {store.Location} {(Enforce.IsPresent ? "on" : "off")}" + (changes.Count > 0 ? $", with {changes.Count} change(s) to users and the catalog." : "."));
        else
            return;
        if (PassThru) WriteObject(store.Info(isDefault: store.Location == StoreSessions.DefaultPath));
    });
}
