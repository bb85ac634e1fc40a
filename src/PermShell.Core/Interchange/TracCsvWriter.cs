using System.Text;

namespace PermShell.Core.Interchange;

/// <summary>
/// Writes a store as <c>trac-admin permission export</c> does, byte for byte: Trac keeps grants and group memberships
/// as the same (subject, value) rows, and its export writes one CSV row per subject that has any row: the subject,
/// then all its values sorted by code point; subjects sorted by code point; Python's csv writer (excel dialect,
/// minimal quoting); nothing meta-expanded, nothing trimmed; UTF-8. Line ends are '\n': trac-admin passes
/// <c>lineterminator=os.linesep</c> to a file and '\n' to stdout, and both are '\n' on the POSIX hosts Trac runs on.
/// </summary>
public static class TracCsvWriter
{
    public static string Write(PermissionState state)
    {
        var csv = new StringBuilder();
        foreach (var (subject, values) in Rows(state))
        {
            csv.Append(CsvRecords.Quote(subject));
            foreach (var value in values) csv.Append(',').Append(CsvRecords.Quote(value));
            csv.Append('\n');
        }
        return csv.ToString();
    }

    /// <summary>Trac's rows grouped by subject: what is granted to it and the groups it is a direct member of.</summary>
    public static IReadOnlyList<(string Subject, IReadOnlyList<string> Values)> Rows(PermissionState state)
    {
        var values = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        SortedSet<string> Of(string subject) =>
            values.TryGetValue(subject, out var set) ? set : values[subject] = new SortedSet<string>(CodePointOrder.Instance);
        foreach (var (subject, granted) in state.Grants)
            if (granted.Count > 0) Of(subject).UnionWith(granted);
        foreach (var (group, members) in state.Members)
            foreach (var member in members)
                Of(member).Add(group);
        return values
            .OrderBy(v => v.Key, CodePointOrder.Instance)
            .Select(v => (v.Key, (IReadOnlyList<string>)v.Value.ToList()))
            .ToList();
    }

    /// <summary>What the store holds that a Trac CSV cannot carry and that changes an answer, one sentence each.</summary>
    public static IReadOnlyList<string> Losses(PermissionState state)
    {
        var losses = new List<string>();
        var superusers = state.Users.Values.Where(u => u.IsSuperuser && u.IsActive).Select(u => u.Name).ToList();
        if (superusers.Count > 0)
            losses.Add($"Trac has no superuser flag: {Some(superusers)} {(superusers.Count == 1 ? "is a superuser" : "are superusers")} here and will hold only their rows (grant TRAC_ADMIN for the same effect).");
        var inactive = state.Users.Values.Where(u => !u.IsActive && (state.GrantsOf(u.Name).Count > 0 || state.Members.Values.Any(m => m.Contains(u.Name))))
            .Select(u => u.Name).ToList();
        if (inactive.Count > 0)
            losses.Add($"Trac has no inactive flag: {Some(inactive)} {(inactive.Count == 1 ? "is inactive" : "are inactive")} here, but {(inactive.Count == 1 ? "its rows are" : "their rows are")} exported and take effect in Trac.");
        var django = state.Grants.Values.SelectMany(g => g).Where(p => !NameRules.IsUpper(p)).Distinct(StringComparer.Ordinal).ToList();
        if (django.Count > 0)
            losses.Add($"Trac reads a value that is not upper case as a group: {Some(django)} {(django.Count == 1 ? "is a permission" : "are permissions")} here and would be {(django.Count == 1 ? "a group" : "groups")} in Trac (PermShell reads {(django.Count == 1 ? "it" : "them")} back as permissions when its catalog has {(django.Count == 1 ? "it" : "them")}).");
        return losses;
    }

    /// <summary>Up to three names, ordinal, then "and N more".</summary>
    internal static string Some(IEnumerable<string> names)
    {
        var sorted = names.Order(StringComparer.Ordinal).ToList();
        var shown = string.Join(", ", sorted.Take(3));
        return sorted.Count > 3 ? $"{shown} and {sorted.Count - 3} more" : shown;
    }
}
