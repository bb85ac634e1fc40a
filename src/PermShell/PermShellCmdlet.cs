using System.Management.Automation;
using PermShell.Core.Administration;

namespace PermShell;

/// <summary>
/// The base of every PermShell cmdlet, with or without a store (New-PermissionStore and Connect-PermissionStore
/// have none yet): runs each item's work, turning core errors into error records in one place (the error
/// catalogue decides their category and whether they stop the call), and gives the core its host context.
/// </summary>
public abstract class PermShellCmdlet : PSCmdlet
{
    private CmdletHost? _host;

    protected IHostContext Context => _host ??= new CmdletHost(this);

    /// <summary>Runs one item's work: a core error becomes an error record that stops the call only when its id says so.</summary>
    protected void Run(Action work)
    {
        try
        {
            work();
        }
        catch (PermShellException e)
        {
            WriteProblem(e);
        }
        finally
        {
            AfterItem();
        }
    }

    /// <summary>Writes a core error as an error record; one whose id stops the call (the error catalogue says) stops it.</summary>
    internal void WriteProblem(PermShellException e)
    {
        if (ErrorMapping.IsTerminating(e)) ThrowTerminatingError(ErrorMapping.ToRecord(e));
        WriteError(ErrorMapping.ToRecord(e));
    }

    /// <summary>Called after each item's work, whether it succeeded or not.</summary>
    protected virtual void AfterItem()
    {
    }
}
