using System.Management.Automation;
using System.Text;
using PermShell.Completers;
using PermShell.Core.Administration;
using PermShell.Core.Reports;

namespace PermShell.Commands;

/// <summary>
/// Writes the graph of routes around one subject (its groups, their grants, what those imply) or one permission
/// (everyone who holds it and through what) as Mermaid or Graphviz DOT text, or into a file with -Path.
/// </summary>
[Cmdlet(VerbsData.Export, "PermissionGraph", DefaultParameterSetName = SubjectSet, SupportsShouldProcess = true)]
[OutputType(typeof(string), typeof(FileInfo))]
public sealed class ExportPermissionGraphCommand : StoreCmdlet
{
    private const string SubjectSet = "Subject";
    private const string PermissionSet = "Permission";

    [Parameter(ParameterSetName = SubjectSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("User", "Member")]
    [ArgumentCompleter(typeof(SubjectNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Subject { get; set; } = "";

    // Not bound from the pipeline: a user's Name would otherwise become the permission.
    [Parameter(ParameterSetName = PermissionSet, Mandatory = true)]
    [Alias("Permission")]
    [ArgumentCompleter(typeof(PermissionNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    // A string, not GraphFormat: that enum lives in the module's private load context, where a script cannot
    // name it. ValidateSet keeps tab completion and takes any case.
    [Parameter]
    [ValidateSet(nameof(GraphFormat.Mermaid), nameof(GraphFormat.Dot), IgnoreCase = true)]
    public string Format { get; set; } = nameof(GraphFormat.Mermaid);

    /// <summary>Write the graph to this file (UTF-8) and return it, instead of writing the text to the pipeline.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        RequireRight("export the permission graph", PermShell.Core.Rules.Rights.Audit);
        var snapshot = Snapshot();
        var state = snapshot.State;
        PermissionGraph graph;
        if (ParameterSetName == PermissionSet)
        {
            SubjectChecks.RequirePermission(state, Name);
            graph = PermissionGraph.OfPermission(snapshot, Name)!;
        }
        else
        {
            SubjectChecks.RequireSubject(state, Subject);
            graph = PermissionGraph.OfSubject(snapshot, Subject)!;
        }
        WriteVerbose($"The graph has {graph.NodeCount} nodes and {graph.EdgeCount} edges.");
        var format = Enum.Parse<GraphFormat>(Format, ignoreCase: true);
        var text = graph.Write(format);
        if (Path is null)
        {
            WriteObject(text);
            return;
        }
        var file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        if (!Consent.ShouldProcess(this, file, $"Write the {format} graph")) return;
        try
        {
            File.WriteAllText(file, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PermShellException("PermShell.Graph.WriteFailed", ProblemKind.ResourceUnavailable, $"The graph could not be written to '{file}': {e.Message}", file, e);
        }
        // Through the FileSystem provider, so the item carries PSPath and formats like Get-Item's output.
        WriteObject(InvokeProvider.Item.Get([file], force: false, literalPath: true), enumerateCollection: true);
    });
}
