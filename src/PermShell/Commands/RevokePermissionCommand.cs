using System.Management.Automation;
using PermShell.Completers;
using PermShell.Core.Administration;

namespace PermShell.Commands;

/// <summary>
/// Revokes grants and group memberships (Trac's <c>permission remove</c>). '*' as subject means everyone, '*' as
/// name everything the subject was given: such a mass removal is asked about once, as a whole, unless -Force or
/// -Confirm:$false. What is not directly granted changes nothing and warns why.
/// </summary>
[Cmdlet(VerbsSecurity.Revoke, "Permission", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(Grant))]
public sealed class RevokePermissionCommand : StoreCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Member", "User")]
    [ArgumentCompleter(typeof(SubjectNameCompleter))]
    public string[] Subject { get; set; } = Array.Empty<string>();

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Permission")]
    [ArgumentCompleter(typeof(RevocableNameCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Revoke what a '*' form matches without asking (for unattended scripts).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Write a Grant object for each grant or membership revoked (for a membership, its Permission is the group).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var grants = new GrantAdministration(Changes, Context);
        var plan = grants.PlanRevoke(Subject, Name);
        if (plan.Count == 0) return;
        if (GrantAdministration.IsMassRevoke(Subject, Name) && !MassRevokeConfirmed(plan)) return;
        var revoked = grants.ApplyRevoke(plan);
        if (!PassThru) return;
        foreach (var change in revoked) WriteObject(GrantRecord.Of(Changes.State, change));
    });

    /// <summary>
    /// The one question before a '*' revoke, naming how much goes: "Revoke everything from every subject: 5 memberships
    /// and 37 grants." A session that cannot ask refuses with PermShell.Revoke.NotConfirmed, and nothing is revoked.
    /// </summary>
    private bool MassRevokeConfirmed(IReadOnlyList<Change> plan)
    {
        var who = Subject.Contains(GrantAdministration.Everything) ? "every subject" : string.Join(", ", Subject.Distinct(StringComparer.Ordinal));
        var what = Name.Contains(GrantAdministration.Everything) ? "everything" : string.Join(", ", Name.Distinct(StringComparer.Ordinal));
        var revoke = $"Revoke {what} from {who}: {ChangeCounts.Phrase(plan)}";
        return Consent.ShouldContinue(this, $"{revoke}. Continue? (-Force skips this question.)", "Confirm mass revoke", Force,
            () => new PermShellException("PermShell.Revoke.NotConfirmed", ProblemKind.InvalidOperation,
                $"{revoke}, and this session cannot ask for confirmation. Nothing was revoked. Add -Force (or -Confirm:$false) to revoke without asking.",
                GrantAdministration.Everything));
    }
}
