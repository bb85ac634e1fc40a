namespace PermShell.Core.Engine;

/// <summary>
/// Patterns in a definition's Implies: '*' matches any run of characters, '?' exactly one, everything else
/// itself (ordinal, case-sensitive). Matched without recursion so no pattern can exhaust the stack.
/// </summary>
internal static class ImplicationPattern
{
    public static bool IsPattern(string entry) => entry.AsSpan().IndexOfAny('*', '?') >= 0;

    public static bool Matches(string pattern, string name)
    {
        int p = 0, n = 0;
        int lastStar = -1, resumeAt = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                lastStar = p++;
                resumeAt = n;
            }
            else if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == name[n]))
            {
                p++;
                n++;
            }
            else if (lastStar >= 0)
            {
                // Let the last '*' swallow one more character and retry from there.
                p = lastStar + 1;
                n = ++resumeAt;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }
}
