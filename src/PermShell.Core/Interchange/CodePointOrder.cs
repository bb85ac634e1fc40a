namespace PermShell.Core.Interchange;

/// <summary>
/// Python's <c>sorted()</c> order for text: by Unicode code point. Ordinal comparison in .NET compares UTF-16 code
/// units, which puts characters above U+FFFF (surrogate pairs, 😀) before U+E000–U+FFFF; trac-admin and Django
/// sort the other way, and byte-exact output has to follow them.
/// </summary>
public sealed class CodePointOrder : IComparer<string>
{
    public static CodePointOrder Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            var a = x[i];
            var b = y[i];
            if (a == b) continue;
            // Only where both are surrogates or neither is does UTF-16 order equal code point order.
            if (char.IsSurrogate(a) != char.IsSurrogate(b)) return char.IsSurrogate(a) ? 1 : -1;
            return a < b ? -1 : 1;
        }
        return x.Length.CompareTo(y.Length);
    }
}
