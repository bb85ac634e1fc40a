namespace PermShell;

/// <summary>How many changes of each kind, in words, for questions and refusals: "2 users, 1 group and 5 grants".</summary>
public static class ChangeCounts
{
    public static string Phrase(IEnumerable<Change> changes)
    {
        var counts = changes.GroupBy(c => c.Kind).OrderBy(g => g.Key)
            .Select(g => $"{g.Count()} {Noun(g.Key)}{(g.Count() == 1 ? "" : "s")}")
            .ToList();
        return counts.Count <= 1 ? counts.FirstOrDefault() ?? "no changes" : $"{string.Join(", ", counts.Take(counts.Count - 1))} and {counts[^1]}";
    }

    private static string Noun(ChangeKind kind) => kind == ChangeKind.Member ? "membership" : kind.ToString().ToLowerInvariant();
}
