using System.Management.Automation;
using System.Text;
using PermShell.Core.Interchange;

namespace PermShell.Commands;

/// <summary>
/// Writes the store as a manifest: YAML, trac-admin's permission CSV or a Django fixture. Deterministic, so exporting,
/// importing into an empty store and exporting again gives the same bytes; what a format cannot carry is left out
/// with a warning.
/// </summary>
[Cmdlet(VerbsData.Export, "PermissionManifest", SupportsShouldProcess = true)]
[OutputType(typeof(string))]
public sealed class ExportPermissionManifestCommand : StoreCmdlet
{
    /// <summary>The file to write (UTF-8 without BOM, LF line endings); without it the manifest is written to the pipeline as one string.</summary>
    [Parameter(Position = 0)]
    public string? Path { get; set; }

    /// <summary>Yaml (default), TracCsv (as trac-admin permission export writes), DjangoFixture (for manage.py loaddata) or TracAuthzPolicy (Trac's authz_policy.conf: the resource policy).</summary>
    [Parameter]
    [ValidateSet("Yaml", "TracCsv", "DjangoFixture", "TracAuthzPolicy")]
    public string Format { get; set; } = "Yaml";

    protected override void ProcessRecord() => Run(() =>
    {
        RequireRight("export the store as a manifest", PermShell.Core.Rules.Rights.Audit, PermShell.Core.Rules.Rights.Admin);
        var export = ManifestExport.Write(Snapshot().State, Enum.Parse<ManifestFormat>(Format, ignoreCase: true));
        foreach (var loss in export.Losses) WriteWarning(loss);
        var text = export.Text;
        if (Path is null)
        {
            WriteObject(text);
            return;
        }
        var full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        if (!Consent.ShouldProcess(this, full, "Write manifest")) return;
        try
        {
            File.WriteAllText(full, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PermShellException("PermShell.Manifest.CannotWrite", ProblemKind.ResourceUnavailable, $"The manifest cannot be written to '{full}': {e.Message}", full, e);
        }
        WriteVerbose($"Wrote {full}");
    });
}
