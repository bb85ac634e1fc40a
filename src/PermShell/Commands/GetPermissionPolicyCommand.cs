using System.Management.Automation;
using PermShell.Completers;
using PermShell.Core.Administration;
using PermShell.Core.Engine;

namespace PermShell.Commands;

/// <summary>
/// Lists the sections of the resource policy in the order they are checked: all of them, the ones named by their
/// pattern (-Resource, literally: patterns are globs themselves), or the ones whose pattern matches a resource
/// (-Match, a descriptor such as wiki:PrivatePage), which are the sections a check on it reads, first one first.
/// </summary>
[Cmdlet(VerbsCommon.Get, "PermissionPolicy", DefaultParameterSetName = ByPattern)]
[OutputType(typeof(ResourcePolicy))]
public sealed class GetPermissionPolicyCommand : StoreCmdlet
{
    private const string ByPattern = "ByPattern";
    private const string ByResource = "ByResource";

    /// <summary>Section patterns, exactly as written (no wildcard matching).</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = ByPattern)]
    [ArgumentCompleter(typeof(PolicyResourceCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? Resource { get; set; }

    /// <summary>A resource descriptor: lists the sections whose pattern matches it, in order.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByResource)]
    [ValidateNotNullOrEmpty]
    public string Match { get; set; } = "";

    protected override void ProcessRecord() => Run(() =>
    {
        var policies = Snapshot().State.Policies;
        switch (ParameterSetName)
        {
            case ByResource:
                var descriptor = ResourceDescriptor.Normalize(Match);
                WriteObject(ResourcePolicy.Of(policies).Where(p => new ResourcePattern(p.Resource).Matches(descriptor)), enumerateCollection: true);
                break;
            default:
                if (Resource is null)
                {
                    WriteObject(ResourcePolicy.Of(policies), enumerateCollection: true);
                    break;
                }
                var state = Snapshot().State;
                foreach (var resource in Resource)
                    Run(() => WriteObject(PolicyAdministration.Require(state, resource)));
                break;
        }
    });
}
