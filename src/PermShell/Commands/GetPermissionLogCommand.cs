using System.Management.Automation;
using PermShell.Completers;

namespace PermShell.Commands;

/// <summary>The change log, oldest first: every entry, or those about some subjects, since a time, or the last few.</summary>
[Cmdlet(VerbsCommon.Get, "PermissionLog")]
[OutputType(typeof(LogEntry))]
public sealed class GetPermissionLogCommand : StoreCmdlet
{
    /// <summary>Entries about these subjects (wildcards): the entry's Subject, or the member of a membership entry.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Member", "User")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(SubjectNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? Subject { get; set; }

    /// <summary>Entries written at or after this time (a time without a zone is local time).</summary>
    [Parameter]
    public DateTime? Since { get; set; }

    /// <summary>Only the last N entries (of those that match).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? Last { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var filter = new NameFilter(Subject);
        Func<LogEntry, bool>? matches = filter.IsEmpty
            ? null
            : e => filter.Matches(e.Subject) || (e.Action.EndsWith(" Member", StringComparison.Ordinal) && filter.Matches(e.Target));
        foreach (var entry in OpenStore().ReadLog(Since?.ToUniversalTime(), Last, matches))
            WriteObject(entry);
    });
}
