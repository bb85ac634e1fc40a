using System.Management.Automation;
using PermShell.Core.Store;

namespace PermShell.Commands;

/// <summary>
/// Walks the hash-chained change log: $true when intact; else $false and an error naming the first entry that was
/// altered, removed or reordered (PermShell.Log.Altered, .Removed, .Reordered, .Added), or that the data no longer
/// matches the last entry's digest (PermShell.Log.DataChanged).
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "PermissionLog")]
[OutputType(typeof(bool))]
public sealed class TestPermissionLogCommand : StoreCmdlet
{
    protected override void ProcessRecord()
    {
        var intact = false;
        Run(() =>
        {
            RequireRight("verify the change log", PermShell.Core.Rules.Rights.Audit);
            var result = OpenStore().VerifyLog();
            intact = result.IsIntact;
            if (intact)
            {
                WriteVerbose($"The change log of {OpenStore().Location} is intact: {result.Entries} entries.");
                return;
            }
            WriteProblem(new PermShellException(ErrorIdOf(result.Damage), ProblemKind.InvalidData, result.Message, result.EntryId));
        });
        WriteObject(intact);
    }

    private static string ErrorIdOf(LogDamage? damage) => damage switch
    {
        LogDamage.Altered => "PermShell.Log.Altered",
        LogDamage.Removed => "PermShell.Log.Removed",
        LogDamage.Reordered => "PermShell.Log.Reordered",
        LogDamage.Added => "PermShell.Log.Added",
        LogDamage.DataChanged => "PermShell.Log.DataChanged",
        _ => throw new ArgumentOutOfRangeException(nameof(damage), damage, "an intact log has no damage to report"),
    };
}
