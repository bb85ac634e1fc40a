using PermShell.Core.Interchange;

namespace PermShell.Core.Tests.Interchange;

public sealed class CodePointOrderTests
{
    [Fact]
    public void Sorts_as_Python_sorted_does_not_as_UTF16()
    {
        // U+FF01 (！) is below U+1F600 (😀) as code points, above its surrogate pair as UTF-16 code units.
        string[] names = ["😀", "\uFF01", "b", "B", "é", "a", "ab"];

        Assert.Equal(["B", "a", "ab", "b", "é", "\uFF01", "😀"], names.Order(CodePointOrder.Instance));
        Assert.NotEqual(names.Order(CodePointOrder.Instance), names.Order(StringComparer.Ordinal));
    }
}
