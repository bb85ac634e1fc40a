using System.Security.Cryptography;
using System.Text;

namespace PermShell.Core.Reports;

/// <summary>
/// File names for the report's per-permission and per-user pages. A name may hold any character ('/', '..', '&lt;',
/// spaces, letters of any script) and two names may differ by case only, so a page is never named after the raw
/// name: it is a readable ASCII slug plus a short SHA-256 prefix of the exact name (<c>ticket-view-3f2a9c01d4.html</c>).
/// File names are compared case-insensitively, so the pages also survive a case-insensitive file system; the rare
/// clash of slug and prefix gets a longer prefix. Register names in a fixed order and the names are stable.
/// </summary>
internal sealed class PageNames
{
    private const int MaxSlugLength = 40;
    private readonly Dictionary<string, string> _byName = new(StringComparer.Ordinal);
    private readonly HashSet<string> _taken = new(StringComparer.OrdinalIgnoreCase);

    public string Of(string name)
    {
        if (_byName.TryGetValue(name, out var known)) return known;
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name))).ToLowerInvariant();
        var slug = Slug(name);
        foreach (var length in new[] { 10, 16, hash.Length })
        {
            var candidate = $"{slug}-{hash[..length]}.html";
            if (_taken.Add(candidate)) return _byName[name] = candidate;
        }
        throw new InvalidOperationException($"Two names share a SHA-256 hash: '{name}'.");
    }

    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>Lower-case ASCII letters and digits of the name, other runs of characters as one '-'; "n" when nothing is left.</summary>
    public static string Slug(string name)
    {
        var slug = new StringBuilder(Math.Min(name.Length, MaxSlugLength));
        foreach (var c in name)
        {
            if (slug.Length >= MaxSlugLength) break;
            if (char.IsAsciiLetterOrDigit(c)) slug.Append(char.ToLowerInvariant(c));
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
        }
        var text = slug.ToString().Trim('-');
        return text.Length == 0 ? "n" : text;
    }
}
