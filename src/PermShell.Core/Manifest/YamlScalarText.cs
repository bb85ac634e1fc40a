using System.Globalization;
using System.Text;

namespace PermShell.Core.Manifest;

/// <summary>
/// How the writer spells a string so any YAML reader reads back exactly that string: plain only when nothing could
/// read it as something else (YAML 1.1's yes/no/on/off included, for older tools), else double-quoted with escapes
/// for everything that is not visible text.
/// </summary>
internal static class YamlScalarText
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf",
    };

    public static string Format(string value) => IsSafePlain(value) ? value : DoubleQuoted(value);

    /// <summary>
    /// ASCII letter or _ first (so never a number, an indicator or an alias), then letters, digits and _ . @ / + -
    /// with single inner spaces: no ': ', ' #', flow indicators or quotes can occur.
    /// </summary>
    private static bool IsSafePlain(string s)
    {
        if (s.Length == 0 || !(char.IsAsciiLetter(s[0]) || s[0] == '_') || s[^1] == ' ' || Reserved.Contains(s)) return false;
        foreach (var c in s)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '@' or '/' or '+' or '-' or ' ')) return false;
        return !s.Contains("  ", StringComparison.Ordinal);
    }

    private static string DoubleQuoted(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); continue;
                case '\\': sb.Append("\\\\"); continue;
                case '\n': sb.Append("\\n"); continue;
                case '\t': sb.Append("\\t"); continue;
                case '\r': sb.Append("\\r"); continue;
            }
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                var rune = new Rune(c, s[i + 1]);
                i++;
                if (IsVisible(Rune.GetUnicodeCategory(rune))) sb.Append(c).Append(s[i]);
                else sb.Append(CultureInfo.InvariantCulture, $"\\U{rune.Value:X8}");
                continue;
            }
            if (char.IsSurrogate(c) || !IsVisible(char.GetUnicodeCategory(c)) || c is '\uFFFE' or '\uFFFF')
                sb.Append(c <= 0xFF ? "\\x" : "\\u").Append(((int)c).ToString(c <= 0xFF ? "X2" : "X4", CultureInfo.InvariantCulture));
            else
                sb.Append(c);
        }
        return sb.Append('"').ToString();
    }

    // Control, format, line/paragraph separators, private-use and unassigned code points are escaped: invisible in
    // an editor, or not allowed raw in a YAML stream.
    private static bool IsVisible(UnicodeCategory category) => category is not (
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
        or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned);
}
