using System.Management.Automation;
using PermShell.Core.Administration;

namespace PermShell;

/// <summary>The core's view of a running cmdlet: -WhatIf/-Confirm, warnings, verbose detail and per-item errors.</summary>
internal sealed class CmdletHost : IHostContext
{
    private readonly PermShellCmdlet _cmdlet;

    public CmdletHost(PermShellCmdlet cmdlet) => _cmdlet = cmdlet;

    public bool ShouldProcess(string target, string action) => Consent.ShouldProcess(_cmdlet, target, action);

    public void Warning(string message) => _cmdlet.WriteWarning(message);

    public void Verbose(string message) => _cmdlet.WriteVerbose(message);

    public void Error(PermShellException error) => _cmdlet.WriteProblem(error);
}
