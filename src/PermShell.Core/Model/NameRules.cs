using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PermShell;

/// <summary>
/// The naming rules of SPEC §1 "Names". Subject names and permission names share Trac's conventions:
/// upper-case tokens are permissions, everything else is a subject.
/// </summary>
public static partial class NameRules
{
    public const int MaxSubjectLength = 150;
    public const int MaxPermissionLength = 255;

    private static readonly string[] ReservedSubjects = [PermissionState.Anonymous, PermissionState.Authenticated];

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex TracPermissionPattern();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]*\.[A-Za-z0-9_]+$", RegexOptions.CultureInvariant)]
    private static partial Regex DjangoPermissionPattern();

    public static bool IsDjangoStyle(string name) => DjangoPermissionPattern().IsMatch(name);

    /// <summary>Throws when <paramref name="name"/> cannot name a permission (ignoring the catalog).</summary>
    public static void CheckPermissionName(string name)
    {
        if (name.Length > MaxPermissionLength)
            throw Invalid(name, $"Permission name is longer than {MaxPermissionLength} characters.");
        if (!TracPermissionPattern().IsMatch(name) && !DjangoPermissionPattern().IsMatch(name))
            throw Invalid(name, $"'{Printable(name)}' is not a valid permission name: use letters, digits and '_' starting with a letter (TICKET_VIEW), or app_label.codename (auth.change_user).");
    }

    /// <summary>Throws when <paramref name="name"/> cannot name a user or group (ignoring the catalog).</summary>
    public static void CheckSubjectName(string name)
    {
        if (name.Length == 0 || string.IsNullOrWhiteSpace(name))
            throw Invalid(name, "A user or group name cannot be empty.");
        if (name.Any(char.IsControl))
            throw Invalid(name, $"'{Printable(name)}' contains a control character.");
        // A lone surrogate cannot be stored as UTF-8: SQLite would keep U+FFFD instead, a different name.
        if (HasLoneSurrogate(name))
            throw Invalid(name, $"'{Printable(name)}' is not valid Unicode text (it has a lone surrogate).");
        if (char.IsWhiteSpace(name[0]) || char.IsWhiteSpace(name[^1]))
            throw Invalid(name, $"'{Printable(name)}' starts or ends with white space.");
        if (CodePointCount(name) > MaxSubjectLength)
            throw Invalid(name, $"'{Printable(name)[..40]}…' is longer than {MaxSubjectLength} characters.");
        if (name.Contains('*'))
            throw Invalid(name, $"'{Printable(name)}' contains '*', which is reserved as a wildcard.");
        if (IsUpper(name))
            throw new PermShellException("PermShell.Name.UpperCase", ProblemKind.InvalidArgument,
                $"'{name}' is all upper case: upper-case names are reserved for permissions. Use a name with a lower-case letter ('{Suggest(name)}').", name);
        if (ReservedTwin(name) is { } reserved)
            throw new PermShellException("PermShell.Name.DiffersByCase", ProblemKind.InvalidArgument,
                $"'{name}' differs from the reserved name '{reserved}' by case only; choose a name that differs by more than case.", name);
    }

    /// <summary>
    /// The reserved subject (anonymous, authenticated) that <paramref name="name"/> spells with other case, or null.
    /// Names are case-sensitive, so 'Anonymous' would be a group of its own that people read as everyone.
    /// </summary>
    private static string? ReservedTwin(string name) =>
        ReservedSubjects.FirstOrDefault(r => r != name && string.Equals(r, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether <paramref name="s"/> is not well-formed UTF-16: a surrogate without its pair.</summary>
    public static bool HasLoneSurrogate(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            else if (char.IsSurrogate(s[i])) return true;
        }
        return false;
    }

    /// <summary>Python's str.isupper: at least one cased character and no lower-case (or title-case) one.</summary>
    public static bool IsUpper(string s)
    {
        var cased = false;
        foreach (var rune in s.EnumerateRunes())
        {
            if (IsLowerRune(rune) || Rune.GetUnicodeCategory(rune) == UnicodeCategory.TitlecaseLetter) return false;
            if (IsUpperRune(rune)) cased = true;
        }
        return cased;
    }

    // Python's "Uppercase"/"Lowercase" derived properties add a few non-letter ranges (Ⅰ, Ⓐ, ª) to Lu/Ll.
    private static bool IsUpperRune(Rune r) =>
        Rune.GetUnicodeCategory(r) == UnicodeCategory.UppercaseLetter
        || r.Value is >= 0x2160 and <= 0x216F or >= 0x24B6 and <= 0x24CF or >= 0x1F130 and <= 0x1F189;

    private static bool IsLowerRune(Rune r) =>
        Rune.GetUnicodeCategory(r) == UnicodeCategory.LowercaseLetter
        || r.Value is 0xAA or 0xBA or >= 0x2B0 and <= 0x2B8 or >= 0x2170 and <= 0x217F or >= 0x24D0 and <= 0x24E9;

    private static int CodePointCount(string s)
    {
        var n = 0;
        foreach (var _ in s.EnumerateRunes()) n++;
        return n;
    }

    private static string Suggest(string name) => name.Length == 0 ? name : name[..1] + name[1..].ToLowerInvariant();

    /// <summary>The name with control characters made visible, for messages.</summary>
    public static string Printable(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name) sb.Append(char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString());
        return sb.ToString();
    }

    private static PermShellException Invalid(string name, string message) =>
        new("PermShell.Name.Invalid", ProblemKind.InvalidArgument, message, name);
}
