namespace PermShell.Core.Engine;

/// <summary>Rows of ascending ids, changed by copy: the row given is shared by an older snapshot and never written.</summary>
internal static class SortedIds
{
    /// <summary><paramref name="row"/> with <paramref name="id"/> present or absent; the row itself when it already is.</summary>
    public static int[] With(int[] row, int id, bool present)
    {
        var at = Array.BinarySearch(row, id);
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
}
