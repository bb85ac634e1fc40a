namespace PermShell;

/// <summary>"Did you mean …": the catalog names nearest to a mistyped one.</summary>
public static class ClosestNames
{
    public static IReadOnlyList<string> Find(string wanted, IEnumerable<string> candidates, int max = 3)
    {
        var w = wanted.ToUpperInvariant();
        var limit = Math.Max(2, wanted.Length / 3);
        return candidates
            .Select(c => (Name: c, Distance: Distance(w, c.ToUpperInvariant())))
            .Where(x => x.Distance <= limit || x.Name.Contains(wanted, StringComparison.OrdinalIgnoreCase))
            .OrderBy(x => x.Distance).ThenBy(x => x.Name, StringComparer.Ordinal)
            .Take(max)
            .Select(x => x.Name)
            .ToList();
    }

    /// <summary>" Did you mean A, B?" or "" when nothing is close.</summary>
    public static string Hint(string wanted, IEnumerable<string> candidates) => Hint(Find(wanted, candidates));

    /// <summary>" Did you mean A, B?" for names already found, or "" when there are none.</summary>
    public static string Hint(IReadOnlyList<string> close) =>
        close.Count == 0 ? "" : $" Did you mean {string.Join(", ", close)}?";

    // Levenshtein distance with two rows; names are short.
    private static int Distance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
