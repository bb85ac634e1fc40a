using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Reflection;

namespace PermShell;

/// <summary>
/// The one way PermShell asks a person before a change: ShouldProcess for each change, and one question before a
/// high-impact action as a whole (Sync's removals, a '*' revoke). A question this session cannot put is answered No,
/// with a PermShell error that says how to consent on the command line, and nothing is done.
/// </summary>
/// <remarks>
/// Why a session may be unable to ask: pwsh's console host, when its standard input is not a console (cron, systemd,
/// CI runners, <c>pwsh -Command … &lt; /dev/null</c>), reads the answer to a prompt from standard input: at its end
/// ReadLine returns null and PromptForChoice fails with a NullReferenceException, and a line that happens to be there
/// ("y", or the next line of a script piped to <c>pwsh -Command -</c>) is taken as consent. So no question is put to
/// the console host then. Under -NonInteractive, or in a host without a user interface, the host itself refuses to
/// prompt; that refusal becomes the same error.
/// </remarks>
internal static class Consent
{
    /// <summary>
    /// <see cref="Cmdlet.ShouldProcess(string, string)"/>, except that when PowerShell would ask and this session cannot,
    /// the answer is No and a <c>PermShell.Action.NotConfirmed</c> error is written for <paramref name="target"/>.
    /// </summary>
    public static bool ShouldProcess(PermShellCmdlet cmdlet, string target, string action)
    {
        if (WouldAsk(cmdlet) && !CanAsk(cmdlet))
            return Refuse(cmdlet, target, action);
        try
        {
            return cmdlet.ShouldProcess(target, action);
        }
        catch (Exception e) when (IsHostRefusal(e))
        {
            return Refuse(cmdlet, target, action);
        }
    }

    /// <summary>
    /// One question before a high-impact action as a whole, on top of <see cref="ShouldProcess"/> for each of its
    /// changes. True to go on: <paramref name="force"/>, -Confirm:$false (or $ConfirmPreference None), -WhatIf (nothing
    /// will change; each change still goes through ShouldProcess), or the person answered Yes. False when they answered
    /// No, which is also the default. A session that cannot ask throws <paramref name="refusal"/>.
    /// </summary>
    public static bool ShouldContinue(PermShellCmdlet cmdlet, string question, string caption, bool force, Func<PermShellException> refusal)
    {
        if (force || IsWhatIf(cmdlet) || ConfirmPreference(cmdlet) == ConfirmImpact.None) return true;
        if (!CanAsk(cmdlet)) throw refusal();
        var choices = new Collection<ChoiceDescription>
        {
            new("&Yes", "Go on with the whole action."),
            new("&No", "Do none of it."),
        };
        try
        {
            return cmdlet.Host.UI.PromptForChoice(caption, question, choices, defaultChoice: 1) == 0;
        }
        catch (Exception e) when (IsHostRefusal(e))
        {
            throw refusal();
        }
    }

    /// <summary>Whether a person can answer a prompt: not the console host reading a standard input that is no console.</summary>
    private static bool CanAsk(PermShellCmdlet cmdlet) =>
        cmdlet.Host.UI is not null && !(cmdlet.Host.Name == "ConsoleHost" && Console.IsInputRedirected);

    /// <summary>
    /// Whether ShouldProcess would prompt: PowerShell's own rule (not -WhatIf, and the confirm preference at or below
    /// the cmdlet's ConfirmImpact), decided before the call so that a session that cannot ask never reaches the prompt.
    /// </summary>
    private static bool WouldAsk(PermShellCmdlet cmdlet)
    {
        if (IsWhatIf(cmdlet)) return false;
        var preference = ConfirmPreference(cmdlet);
        return preference != ConfirmImpact.None && preference <= ImpactOf(cmdlet.GetType());
    }

    // Read once per cmdlet type: a manifest import asks for each of its changes, and reflection per change cost
    // seconds on a 600,000-change import.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, ConfirmImpact> Impacts = new();

    private static ConfirmImpact ImpactOf(Type cmdlet) =>
        Impacts.GetOrAdd(cmdlet, t => t.GetCustomAttribute<CmdletAttribute>()?.ConfirmImpact ?? ConfirmImpact.Medium);

    /// <summary>-Confirm is Low, -Confirm:$false None, otherwise $ConfirmPreference as the caller's scope sees it.</summary>
    private static ConfirmImpact ConfirmPreference(PermShellCmdlet cmdlet)
    {
        if (cmdlet.MyInvocation.BoundParameters.TryGetValue("Confirm", out var confirm))
            return LanguagePrimitives.IsTrue(confirm) ? ConfirmImpact.Low : ConfirmImpact.None;
        return LanguagePrimitives.TryConvertTo(cmdlet.GetVariableValue("ConfirmPreference"), out ConfirmImpact preference)
            ? preference
            : ConfirmImpact.High;
    }

    private static bool IsWhatIf(PermShellCmdlet cmdlet) =>
        cmdlet.MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf)
            ? LanguagePrimitives.IsTrue(whatIf)
            : LanguagePrimitives.IsTrue(cmdlet.GetVariableValue("WhatIfPreference"));

    /// <summary>
    /// How a host says it cannot prompt: -NonInteractive (PSInvalidOperationException, thrown before anything is
    /// read) or no user interface at all (HostException, NotImplementedException).
    /// </summary>
    private static bool IsHostRefusal(Exception e) => e is PSInvalidOperationException or HostException or NotImplementedException;

    private static bool Refuse(PermShellCmdlet cmdlet, string target, string action)
    {
        var error = new PermShellException("PermShell.Action.NotConfirmed", ProblemKind.InvalidOperation,
            $"The operation \"{action}\" on target \"{target}\" needs confirmation, and this session cannot ask for it. " +
            $"Nothing was done to \"{target}\". Add -Confirm:$false to do it without asking.", target);
        cmdlet.WriteProblem(error);
        return false;
    }
}
