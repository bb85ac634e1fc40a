using PermShell.Core.Manifest;

namespace PermShell.Core.Rules;

/// <summary>
/// One thing a rule found wrong, as a value: the stable id (listed in <see cref="ErrorCatalogue"/>, which gives its
/// category), the message, the offending name, and where the change is written when it came from a file.
/// <see cref="Change"/> is the change the problem concerns, when there is one.
/// </summary>
public sealed record Problem(string Id, string Message, string Target, SourceLocation? Location = null)
{
    public ProposedChange? Change { get; init; }

    /// <summary>Warnings are worth reading but let the changes through.</summary>
    public bool IsWarning { get; init; }

    public ProblemKind Category => ErrorCatalogue.Find(Id)?.Category ?? ProblemKind.InvalidArgument;

    /// <summary>A problem about <paramref name="change"/>, placed where the change is written.</summary>
    public static Problem About(ProposedChange change, string id, string message, string target) =>
        new(id, message, target, change.Location) { Change = change };

    /// <summary>
    /// A naming rule of <see cref="NameRules"/> (which throws, for the code that checks one name) as a problem about
    /// <paramref name="change"/>; null when the name passes.
    /// </summary>
    public static Problem? FromNameRule(ProposedChange change, Action check)
    {
        try
        {
            check();
            return null;
        }
        catch (PermShellException e)
        {
            return About(change, e.ErrorId, e.Message, e.Target as string ?? "");
        }
    }

    /// <summary>As the cmdlets raise it: the id, category, message and target, no location.</summary>
    public PermShellException ToException() => new(Id, Category, Message, Target);

    public override string ToString() => Location is null ? Message : $"{Location}: {Message}";
}
