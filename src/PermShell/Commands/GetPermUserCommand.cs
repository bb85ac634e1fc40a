using System.Management.Automation;
using PermShell.Completers;
using PermShell.Core.Administration;

namespace PermShell.Commands;

/// <summary>Lists users, filtered by name (wildcards) and by their active and superuser flags.</summary>
[Cmdlet(VerbsCommon.Get, "PermUser")]
[OutputType(typeof(User))]
public sealed class GetPermUserCommand : StoreCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("UserName")]
    [ArgumentCompleter(typeof(UserNameCompleter))]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    /// <summary>Only users whose IsActive is this (Get-PermUser -IsActive $false lists the inactive ones).</summary>
    [Parameter]
    [BooleanTransformation]
    public bool? IsActive { get; set; }

    /// <summary>Only users whose IsSuperuser is this.</summary>
    [Parameter]
    [BooleanTransformation]
    public bool? IsSuperuser { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var state = Snapshot().State;
        var users = state.Users;
        var filter = new NameFilter(Name);
        var listed = users.Values.Where(u => filter.Matches(u.Name) && (IsActive is null || u.IsActive == IsActive) && (IsSuperuser is null || u.IsSuperuser == IsSuperuser));
        WriteObject(listed.OrderBy(u => u.Name, StringComparer.Ordinal), enumerateCollection: true);
        foreach (var missing in NameFilter.Unmatched(Name, users.Keys))
            Run(() => SubjectChecks.RequireUser(state, missing));
    });
}
