using System.Management.Automation;
using PermShell.Completers;
using PermShell.Core.Administration;

namespace PermShell.Commands;

/// <summary>Lists the permission catalog, filtered by name and app (wildcards).</summary>
[Cmdlet(VerbsCommon.Get, "PermissionDefinition")]
[OutputType(typeof(PermissionDefinition))]
public sealed class GetPermissionDefinitionCommand : StoreCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Permission")]
    [ArgumentCompleter(typeof(PermissionNameCompleter))]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(AppNameCompleter))]
    public string[]? App { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var state = Snapshot().State;
        var catalog = state.Permissions;
        var names = new NameFilter(Name);
        var apps = new NameFilter(App);
        var found = catalog.Values.Where(d => names.Matches(d.Name) && apps.Matches(d.App)).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        WriteObject(found, enumerateCollection: true);
        foreach (var missing in NameFilter.Unmatched(Name, catalog.Keys))
            Run(() => SubjectChecks.RequirePermission(state, missing));
    });
}
