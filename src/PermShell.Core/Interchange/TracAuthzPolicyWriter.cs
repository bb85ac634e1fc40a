using System.Text;

namespace PermShell.Core.Interchange;

/// <summary>
/// Writes a store's resource policy as Trac's AuthzPolicy file: the [groups] section first, then the resource
/// sections in the store's order, one <c>key = A, B</c> line per entry in order (<c>key =</c> for an empty entry), a
/// blank line between sections; UTF-8, '\n' line ends. Trac 1.6 reads it back with the same answers. Users, groups,
/// grants and the catalog are not part of the file (<see cref="Losses"/>), nor are entries configparser cannot hold.
/// </summary>
public static class TracAuthzPolicyWriter
{
    public static string Write(PermissionState state)
    {
        var text = new StringBuilder();
        foreach (var section in Ordered(state))
        {
            if (!Writable(section.Resource)) continue;
            if (text.Length > 0) text.Append('\n');
            text.Append('[').Append(section.Resource).Append("]\n");
            foreach (var rule in section.Rules.Where(r => PolicyFileText.CanBeKey(r.Subject)))
                text.Append(rule).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>What the store holds that the file cannot carry, one sentence each.</summary>
    public static IReadOnlyList<string> Losses(PermissionState state)
    {
        var losses = new List<string>();
        if (state.Users.Count + state.Groups.Count + state.Grants.Count(g => g.Value.Count > 0) > 0)
            losses.Add("Trac's policy file holds only the policy: users, groups, grants and the catalog stay in the permission table (export them with -Format TracCsv).");
        var sections = state.Policies.Where(s => !Writable(s.Resource)).Select(s => s.Resource).ToList();
        if (sections.Count > 0)
            losses.Add($"Left out, since configparser would read them otherwise: the section{(sections.Count == 1 ? "" : "s")} {TracCsvWriter.Some(sections.Select(s => $"[{s}]"))}.");
        var entries = state.Policies.Where(s => Writable(s.Resource)).SelectMany(s => s.Rules.Where(r => !PolicyFileText.CanBeKey(r.Subject)).Select(r => $"{r.Subject} in [{s.Resource}]")).ToList();
        if (entries.Count > 0)
            losses.Add($"Left out, since a key of Trac's file cannot hold ':', '=' or ',' nor start with '#', ';' or '[': the entr{(entries.Count == 1 ? "y" : "ies")} for {TracCsvWriter.Some(entries)}.");
        return losses;
    }

    private static IEnumerable<PolicySection> Ordered(PermissionState state) =>
        state.Policies.Where(s => s.IsGroups).Concat(state.Policies.Where(s => !s.IsGroups));

    /// <summary>A pattern configparser reads back as the same section header ([DEFAULT] is its own).</summary>
    private static bool Writable(string resource) => resource != "DEFAULT" && !resource.Any(char.IsControl);
}
