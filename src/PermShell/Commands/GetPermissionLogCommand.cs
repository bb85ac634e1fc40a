using System.Management.Automation;
using PermShell.Completers;

namespace PermShell.Commands;

/// <summary>The change log, oldest first: every entry, or those about some subjects, of some actions or actors, in a time window, or the last few.</summary>
[Cmdlet(VerbsCommon.Get, "PermissionLog")]
[OutputType(typeof(LogEntry))]
public sealed class GetPermissionLogCommand : StoreCmdlet
{
    /// <summary>Entries about these subjects (wildcards): the entry's Subject, the member of a membership entry, or the new name of a rename.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Member", "User")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(SubjectNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? Subject { get; set; }

    /// <summary>Entries written at or after this time (a time without a zone is local time).</summary>
    [Parameter]
    public DateTime? Since { get; set; }

    /// <summary>Entries written before this time (a time without a zone is local time).</summary>
    [Parameter]
    public DateTime? Until { get; set; }

    /// <summary>Entries whose Action matches (wildcards): 'Add Grant', '* Member', 'Denied'.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Action { get; set; }

    /// <summary>Entries written by these actors (wildcards): the OS user, or the database user, who made the change.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Actor { get; set; }

    /// <summary>Only entries after the one with this id: a runner that keeps the last id it saw reads on from there (a change feed).</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long After { get; set; }

    /// <summary>Only the last N entries (of those that match).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? Last { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var subjects = new NameFilter(Subject);
        var actions = new NameFilter(Action);
        var actors = new NameFilter(Actor);
        var until = Until?.ToUniversalTime();
        bool Matches(LogEntry e) =>
            (subjects.IsEmpty || subjects.Matches(e.Subject) || ((e.Action.EndsWith(" Member", StringComparison.Ordinal) || e.Action.StartsWith("Rename ", StringComparison.Ordinal)) && subjects.Matches(e.Target))) &&
            actions.Matches(e.Action) && actors.Matches(e.Actor) && (until is null || e.Time < until);
        var filtered = subjects.IsEmpty && actions.IsEmpty && actors.IsEmpty && until is null;
        RequireRight("read the change log", PermShell.Core.Rules.Rights.Audit);
        foreach (var entry in OpenStore().ReadLog(Since?.ToUniversalTime(), Last, filtered ? null : Matches, After))
            WriteObject(entry);
    });
}
