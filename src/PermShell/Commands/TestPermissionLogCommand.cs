using System.Management.Automation;

namespace PermShell.Commands;

/// <summary>
/// Walks the hash-chained change log: $true when intact; else $false and an error naming the first entry that was
/// altered, removed or reordered (PermShell.Log.Altered, .Removed, .Reordered, .Added), or that the data no longer
/// matches the last entry's digest (PermShell.Log.DataChanged).
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "PermissionLog")]
[OutputType(typeof(bool))]
public sealed class TestPermissionLogCommand : PermShellCmdlet
{
    protected override void ProcessRecord()
    {
        var intact = false;
        Run(() =>
        {
            var result = OpenStore().VerifyLog();
            intact = result.IsIntact;
            if (intact)
            {
                WriteVerbose($"The change log of {OpenStore().Path} is intact: {result.Entries} entries.");
                return;
            }
            WriteError(ErrorMapping.ToRecord(new PermShellException($"PermShell.Log.{result.Damage}", ProblemKind.InvalidData, result.Message, result.EntryId)));
        });
        WriteObject(intact);
    }
}
