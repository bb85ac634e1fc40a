using System.Management.Automation;
using PermShell.Core.Reports;

namespace PermShell.Commands;

/// <summary>
/// Writes the static HTML audit report into a folder: the overview with the Get-PermissionAudit columns, a page per
/// permission listing everyone who holds it and why, and a page per user, those two drawn from data files
/// (AuditReport, ReportData). Returns the overview page's file.
/// </summary>
[Cmdlet(VerbsData.Export, "PermissionAuditReport", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportPermissionAuditReportCommand : StoreCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [Alias("Folder")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>Also give a page to the permissions that nobody holds or was granted.</summary>
    [Parameter]
    public SwitchParameter All { get; set; }

    /// <summary>Write into a folder that already holds other files (they are left alone).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var folder = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        RequireRight("export the audit report", PermShell.Core.Rules.Rights.Audit);
        var snapshot = Snapshot();
        if (!Consent.ShouldProcess(this, folder, "Write the permission audit report")) return;
        var result = AuditReport.Write(snapshot, folder, OpenStore().Location, DateTimeOffset.UtcNow, All, Force);
        WriteVerbose($"Wrote {result.Files} files for {result.Permissions} permissions and {result.Users} users in {result.Folder}.");
        // Through the FileSystem provider, so the item carries PSPath and formats like Get-Item's output.
        WriteObject(InvokeProvider.Item.Get([result.IndexPath], force: false, literalPath: true), enumerateCollection: true);
    });
}
