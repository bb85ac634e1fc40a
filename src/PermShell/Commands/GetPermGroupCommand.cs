using System.Management.Automation;
using PermShell.Completers;
using PermShell.Core.Administration;

namespace PermShell.Commands;

/// <summary>Lists groups with their direct member counts, filtered by name (wildcards).</summary>
[Cmdlet(VerbsCommon.Get, "PermGroup")]
[OutputType(typeof(Group))]
public sealed class GetPermGroupCommand : StoreCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("GroupName")]
    [ArgumentCompleter(typeof(GroupNameCompleter))]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var state = Snapshot().State;
        var filter = new NameFilter(Name);
        var rights = Rights;
        var groups = state.Groups.Values
            .Where(g => filter.Matches(g.Name) && (rights?.Sees(g.Name) ?? true))
            .OrderBy(g => g.Name, StringComparer.Ordinal)
            .Select(g => g with { MemberCount = state.MembersOf(g.Name).Count });
        WriteObject(groups, enumerateCollection: true);
        foreach (var missing in NameFilter.Unmatched(Name, state.Groups.Keys.Where(g => rights?.Sees(g) ?? true)))
            Run(() =>
            {
                if (state.Groups.ContainsKey(missing)) throw HiddenGroup(missing);
                SubjectChecks.RequireGroup(state, missing);
            });
    });
}
