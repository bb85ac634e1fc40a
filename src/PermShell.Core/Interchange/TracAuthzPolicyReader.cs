using PermShell.Core.Manifest;

namespace PermShell.Core.Interchange;

/// <summary>
/// Reads Trac's AuthzPolicy file (<c>authz_policy.conf</c>) as a <see cref="ManifestDocument"/> holding only
/// <c>policies</c>, exactly as Trac 1.6 reads it (<c>UnicodeConfigParser(ignorecase_option=False)</c>, that is Python's
/// configparser without interpolation): sections in file order; <c>key = value</c> or <c>key: value</c>, split at the
/// first '=' or ':'; keys case-sensitive; whole-line comments starting with '#' or ';' (no inline comments); an indented
/// line continues the value above; a section or a key twice is an error, as is a line before the first section or a
/// line with no '=' or ':'. Values are split as Trac's <c>to_list</c>: at commas, trimmed, empty names dropped.
/// <c>[groups]</c> becomes the policy's [groups] section. <c>[DEFAULT]</c>, which configparser copies into every
/// section, is refused rather than read otherwise than Trac.
/// </summary>
public static class TracAuthzPolicyReader
{
    public static ManifestDocument Read(string text, string file, List<ManifestProblem> problems)
    {
        var sections = new List<(string Name, SourceLocation At, List<(string Key, SourceLocation At, List<string> Value)> Entries)>();
        List<(string Key, SourceLocation At, List<string> Value)>? current = null;
        List<string>? value = null;
        var indent = 0;
        bool orphanReported = false, refusedSection = false;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var lineNo = i + 1;
            var stripped = line.Trim();
            if (stripped.StartsWith('#') || stripped.StartsWith(';')) continue;
            if (stripped.Length == 0)
            {
                value?.Add("");
                continue;
            }
            var level = line.Length - line.TrimStart().Length;
            var at = new SourceLocation(file, lineNo, level + 1);
            if (value is not null && level > indent)
            {
                value.Add(stripped);
                continue;
            }
            indent = level;
            value = null;
            var close = stripped.LastIndexOf(']');
            if (stripped.StartsWith('[') && close >= 2)
            {
                var name = stripped[1..close];
                if (name == "DEFAULT")
                    problems.Add(new ManifestProblem(at, "PermShell.Manifest.Syntax",
                        "[DEFAULT] is not read: Python's configparser copies its entries into every section, which a policy cannot hold. Write the entries into each section instead."));
                else if (sections.Any(s => s.Name == name))
                    problems.Add(new ManifestProblem(at, "PermShell.Policy.Exists",
                        $"The section [{NameRules.Printable(name)}] is written twice; Trac's parser refuses the file (DuplicateSectionError)."));
                else
                {
                    sections.Add((name, at, current = []));
                    continue;
                }
                current = null;
                refusedSection = true;
                continue;
            }
            if (current is null)
            {
                // Entries of a refused section say nothing more; configparser stops at the first line without a section.
                if (!orphanReported && sections.Count == 0 && !refusedSection)
                    problems.Add(new ManifestProblem(at, "PermShell.Manifest.Syntax",
                        "This line comes before any section; every entry belongs to a [section] (Trac's parser refuses the file)."));
                orphanReported = true;
                continue;
            }
            var delimiter = stripped.IndexOfAny(['=', ':']);
            if (delimiter <= 0 || stripped[..delimiter].TrimEnd().Length == 0)
            {
                problems.Add(new ManifestProblem(at, "PermShell.Policy.InvalidEntry",
                    $"'{NameRules.Printable(stripped)}' is not an entry: write 'subject = PERMISSION, !PERMISSION' (Trac's parser refuses the line)."));
                continue;
            }
            var key = stripped[..delimiter].TrimEnd();
            if (current.Any(e => e.Key == key))
            {
                problems.Add(new ManifestProblem(at, "PermShell.Policy.InvalidEntry",
                    $"'{NameRules.Printable(key)}' is written twice in [{NameRules.Printable(sections[^1].Name)}]; Trac's parser refuses the file (DuplicateOptionError)."));
                continue;
            }
            current.Add((key, at, value = [stripped[(delimiter + 1)..].Trim()]));
        }

        var policies = sections.Select(s => new ManifestPolicy
        {
            Name = s.Name,
            Location = s.At,
            Rules = s.Entries.Select(e => new ManifestName(Entry(e.Key, string.Join("\n", e.Value).TrimEnd()), e.At)).ToList(),
        }).ToList();
        return new ManifestDocument { Policies = policies };
    }

    /// <summary>The entry in PermShell's form, the value split as Trac's to_list splits it.</summary>
    private static string Entry(string key, string value)
    {
        var names = value.Split(',').Select(n => n.Trim()).Where(n => n.Length > 0).ToList();
        return new PolicyRule(key, names).ToString();
    }
}
