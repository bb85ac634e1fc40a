using System.Management.Automation;
using PermShell.Core.Interchange;
using PermShell.Core.Manifest;

namespace PermShell;

/// <summary>What the manifest cmdlets share: reading a manifest path and reporting its problems one record each.</summary>
public abstract class ManifestCmdlet : StoreCmdlet
{
    /// <summary>A manifest file, or a folder whose *.yaml and *.yml files are read as one manifest.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>The largest manifest file accepted, in bytes (default 64 MiB): hostile input is refused before it is parsed.</summary>
    [Parameter]
    [ValidateRange(1, long.MaxValue)]
    public long MaximumSize { get; set; } = ManifestLimits.Default.MaxBytes;

    /// <summary>What the file is: a YAML manifest (default), trac-admin's permission CSV, or a Django dumpdata fixture.</summary>
    [Parameter]
    [ValidateSet("Yaml", "TracCsv", "DjangoFixture", "TracAuthzPolicy")]
    public string Format { get; set; } = "Yaml";

    /// <summary>-Mode is a plain string on the command line (scripts never name a type of the private load context).</summary>
    protected static ManifestMode ModeOf(string mode) => Enum.Parse<ManifestMode>(mode, ignoreCase: true);

    protected ManifestFormat ManifestFormat => Enum.Parse<ManifestFormat>(Format, ignoreCase: true);

    protected string FullPath => SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);

    /// <summary>
    /// Reads the manifest in its -Format. A Trac CSV is read against <paramref name="store"/>, the state the plan is made
    /// against (its values are permissions or groups depending on the catalog), and for <paramref name="mode"/>. When
    /// reading finds problems, <paramref name="validate"/>'s are reported with them (every problem at once).
    /// </summary>
    protected ManifestDocument LoadManifest(PermissionState? store, ManifestMode mode, Func<ManifestDocument, IReadOnlyList<ManifestProblem>> validate)
    {
        WriteProgress(new ProgressRecord(1, "Reading manifest", FullPath) { PercentComplete = -1 });
        try
        {
            var document = ManifestSource.Load(FullPath, ManifestFormat, store, mode, ManifestLimits.Default with { MaxBytes = MaximumSize }, validate);
            WriteProblems(document.Warnings);
            return document;
        }
        finally
        {
            WriteProgress(new ProgressRecord(1, "Reading manifest", "Done") { RecordType = ProgressRecordType.Completed });
        }
    }

    /// <summary>Every problem becomes its own error record (id, file:line:column); warnings become warnings.</summary>
    protected void WriteProblems(IEnumerable<ManifestProblem> problems)
    {
        foreach (var problem in problems)
        {
            if (!problem.IsError)
            {
                WriteWarning(problem.ToString());
                continue;
            }
            // A rule book problem has the category it has on the cmdlet path; the rest are the files' InvalidData.
            var category = ErrorCatalogue.Find(problem.ErrorId)?.Category ?? ProblemKind.InvalidData;
            var error = new PermShellException(problem.ErrorId, category, problem.ToString(), problem.Location);
            WriteProblem(error);
        }
    }

    /// <summary>Runs manifest work: a bad manifest is reported problem by problem; other failures as usual.</summary>
    protected void RunManifest(Action work) => Run(() =>
    {
        try
        {
            work();
        }
        catch (ManifestException e)
        {
            WriteProblems(e.Problems);
        }
    });

    /// <summary>
    /// Writes changes as users see them: one <see cref="ChangeView"/> each, named <c>PermShell.Change</c> (SPEC §2),
    /// so every kind has the same six properties in a table, a CSV or JSON.
    /// </summary>
    protected void WriteChanges(IEnumerable<Change> changes)
    {
        foreach (var change in changes)
        {
            var output = new PSObject(ChangeView.Of(change));
            output.TypeNames.Insert(0, ChangeView.TypeName);
            WriteObject(output);
        }
    }

    /// <summary>The one-line plan summary, shown like Write-Host and kept on the information stream (6>).</summary>
    protected void WriteSummary(IReadOnlyList<Change> plan) =>
        WriteInformation(new HostInformationMessage { Message = PlanSummary.Of(plan).ToString() }, new[] { "PSHOST", "PermShell.Plan" });
}
