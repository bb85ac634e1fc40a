namespace PermShell.Core.Manifest;

/// <summary>
/// A manifest that cannot be used, with every problem found in it (never just the first), so an admin fixes them
/// all in one round. Nothing has been written when this is thrown.
/// </summary>
public sealed class ManifestException : PermShellException
{
    public IReadOnlyList<ManifestProblem> Problems { get; }

    public ManifestException(IReadOnlyList<ManifestProblem> problems)
        : base("PermShell.Manifest.Invalid", ProblemKind.InvalidData, Summarise(problems), problems.Count > 0 ? problems[0].Location.File : null)
    {
        Problems = problems;
    }

    // A broken manifest can have a problem per line; the message stays readable, Problems keeps them all.
    private const int Listed = 100;

    private static string Summarise(IReadOnlyList<ManifestProblem> problems)
    {
        var errors = problems.Count(p => p.IsError);
        var lines = problems.Take(Listed).Select(p => p.ToString()).Prepend($"The manifest is invalid: {errors} problem{(errors == 1 ? "" : "s")}.");
        if (problems.Count > Listed) lines = lines.Append(FormattableString.Invariant($"…and {problems.Count - Listed:N0} more."));
        return string.Join("\n", lines);
    }
}
