namespace PermShell.Core.Administration;

/// <summary>
/// What the core needs from whoever runs it (a cmdlet, a test): confirmation before each change, and a place for
/// warnings, details and per-item errors. The core never sees PSCmdlet.
/// </summary>
public interface IHostContext
{
    /// <summary>Asks before one change (-WhatIf/-Confirm); false means skip it.</summary>
    bool ShouldProcess(string target, string action);

    void Warning(string message);

    void Verbose(string message);

    /// <summary>A problem with one item; the call goes on with the others unless the operation says otherwise.</summary>
    void Error(PermShellException error);
}
