using System.Collections.ObjectModel;

namespace PermShell;

/// <summary>
/// A read-only list whose text is its items joined ("TICKET_*, WIKI_VIEW"; one route's path per route), so that
/// Export-Csv and string expansion write what the list holds instead of its type name; ConvertTo-Json still writes
/// an array. It is an IList, as arrays are, so PowerShell binds it to a [string[]] parameter item by item (an
/// enumerable that is not a list and holds nothing would bind as one empty string).
/// </summary>
public sealed class TextList<T> : ReadOnlyCollection<T>
{
    private readonly string _separator;

    private TextList(IList<T> items, string separator) : base(items) => _separator = separator;

    /// <summary><paramref name="items"/> as a TextList (itself when it already is one with this separator).</summary>
    public static TextList<T> Of(IReadOnlyList<T> items, string separator) =>
        items is TextList<T> list && list._separator == separator ? list : new TextList<T>(items as IList<T> ?? items.ToList(), separator);

    public override string ToString() => string.Join(_separator, this);
}
