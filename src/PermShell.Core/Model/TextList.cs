using System.Collections;

namespace PermShell;

/// <summary>
/// A read-only list whose text is its items joined ("TICKET_*, WIKI_VIEW"; one route's path per route), so that
/// Export-Csv and string expansion write what the list holds instead of its type name; ConvertTo-Json still writes an array.
/// </summary>
public sealed class TextList<T> : IReadOnlyList<T>
{
    private readonly IReadOnlyList<T> _items;
    private readonly string _separator;

    private TextList(IReadOnlyList<T> items, string separator)
    {
        _items = items;
        _separator = separator;
    }

    /// <summary><paramref name="items"/> as a TextList (itself when it already is one with this separator).</summary>
    public static TextList<T> Of(IReadOnlyList<T> items, string separator) =>
        items is TextList<T> list && list._separator == separator ? list : new TextList<T>(items, separator);

    public T this[int index] => _items[index];

    public int Count => _items.Count;

    public IEnumerator<T> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join(_separator, _items);
}
