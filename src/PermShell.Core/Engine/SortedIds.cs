namespace PermShell.Core.Engine;

/// <summary>
/// Rows of ids sorted by an order (subject rows by name, <see cref="SubjectIndex.Order"/>), changed by copy: the row
/// given is shared by an older snapshot and never written.
/// </summary>
internal static class SortedIds
{
    /// <summary><paramref name="row"/> with <paramref name="id"/> present or absent; the row itself when it already is.</summary>
    public static int[] With(int[] row, int id, bool present, IComparer<int> order)
    {
        var at = Array.BinarySearch(row, id, order);
        if (at >= 0 == present) return row;
        if (present)
        {
            at = ~at;
            var grown = new int[row.Length + 1];
            Array.Copy(row, grown, at);
            grown[at] = id;
            Array.Copy(row, at, grown, at + 1, row.Length - at);
            return grown;
        }
        var shrunk = new int[row.Length - 1];
        Array.Copy(row, shrunk, at);
        Array.Copy(row, at + 1, shrunk, at, row.Length - at - 1);
        return shrunk;
    }

    /// <summary>
    /// A new row of <paramref name="row"/> and <paramref name="more"/> (sorted, none in the row): each of <paramref name="more"/>
    /// placed by binary search, the row between them moved in block copies (a few new users into anonymous's 100,000-long row).
    /// </summary>
    public static int[] Merge(int[] row, IReadOnlyList<int> more, IComparer<int> order)
    {
        var merged = new int[row.Length + more.Count];
        int from = 0, at = 0;
        foreach (var id in more)
        {
            var place = Array.BinarySearch(row, from, row.Length - from, id, order);
            place = place < 0 ? ~place : place;
            Array.Copy(row, from, merged, at, place - from);
            at += place - from;
            from = place;
            merged[at++] = id;
        }
        Array.Copy(row, from, merged, at, row.Length - from);
        return merged;
    }
}
