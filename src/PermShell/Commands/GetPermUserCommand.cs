using System.Management.Automation;
using PermShell.Completers;
using PermShell.Core.Administration;

namespace PermShell.Commands;

/// <summary>Lists users, filtered by name (wildcards).</summary>
[Cmdlet(VerbsCommon.Get, "PermUser")]
[OutputType(typeof(User))]
public sealed class GetPermUserCommand : StoreCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("UserName")]
    [ArgumentCompleter(typeof(UserNameCompleter))]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var state = Snapshot().State;
        var users = state.Users;
        var filter = new NameFilter(Name);
        WriteObject(users.Values.Where(u => filter.Matches(u.Name)).OrderBy(u => u.Name, StringComparer.Ordinal), enumerateCollection: true);
        foreach (var missing in NameFilter.Unmatched(Name, users.Keys))
            Run(() => SubjectChecks.RequireUser(state, missing));
    });
}
