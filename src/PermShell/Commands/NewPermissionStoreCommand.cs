using System.Management.Automation;
using PermShell.Core.Store;

namespace PermShell.Commands;

/// <summary>Creates a store, empty or from a template (Trac's defaults, Django's auth app).</summary>
[Cmdlet(VerbsCommon.New, "PermissionStore", SupportsShouldProcess = true)]
[OutputType(typeof(StoreInfo))]
public sealed class NewPermissionStoreCommand : PermShellCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    [Parameter]
    [ValidateSet("Empty", "Trac", "Django")]
    public string Template { get; set; } = "Empty";

    /// <summary>Replace an existing file.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        var exists = File.Exists(full);
        var action = exists && Force ? $"Replace with a new store (template {Template})" : $"Create store (template {Template})";
        if (!Consent.ShouldProcess(this, full, action)) return;
        Run(() =>
        {
            var kind = Enum.Parse<StoreTemplateKind>(Template, ignoreCase: true);
            if (exists && Force) Core.Administration.Enforcement.RequireSuperuserToReplace(full, ChangeSource.Cmdlet(MyInvocation.MyCommand.Name));
            var store = StoreFactory.Create(full, kind, overwrite: Force, ChangeSource.Cmdlet($"{MyInvocation.MyCommand.Name} -Template {kind}"));
            WriteVerbose($"{(exists ? "Replaced" : "Created")} the store {store.Location} (template {kind}).");
            WriteObject(store.Info(isDefault: store.Location == StoreSessions.DefaultPath));
        });
    }
}
