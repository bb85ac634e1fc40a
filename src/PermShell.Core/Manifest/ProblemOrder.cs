namespace PermShell.Core.Manifest;

/// <summary>Problems in reading order (file, line, column), so a list of them reads top to bottom like the files.</summary>
internal static class ProblemOrder
{
    public static IReadOnlyList<ManifestProblem> Sort(IEnumerable<ManifestProblem> problems) =>
        problems
            .OrderBy(p => p.Location.File, StringComparer.Ordinal)
            .ThenBy(p => p.Location.Line)
            .ThenBy(p => p.Location.Column)
            .ToList();
}
