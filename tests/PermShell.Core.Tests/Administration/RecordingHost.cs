using PermShell.Core.Administration;

namespace PermShell.Core.Tests.Administration;

/// <summary>An IHostContext that records what the core reported and can decline every change (-WhatIf).</summary>
public sealed class RecordingHost : IHostContext
{
    public bool Decline { get; init; }
    public List<string> Warnings { get; } = new();
    public List<PermShellException> Errors { get; } = new();
    public List<(string Target, string Action)> Asked { get; } = new();

    public bool ShouldProcess(string target, string action)
    {
        Asked.Add((target, action));
        return !Decline;
    }

    public void Warning(string message) => Warnings.Add(message);

    public void Verbose(string message) { }

    public void Error(PermShellException error) => Errors.Add(error);
}
