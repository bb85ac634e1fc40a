using System.Diagnostics;
using System.Text;

namespace PermShell.Core.Manifest;

/// <summary>
/// A plan as Markdown for a pull-request comment: a heading, the one-line summary and a table of changes. Names and
/// values are written so that nothing in them (|, *, backticks, HTML) can break the table or inject markup.
/// </summary>
public static class PlanMarkdown
{
    /// <summary>
    /// Renders <paramref name="plan"/> under <paramref name="title"/>. At most <paramref name="maxRows"/> changes are
    /// listed (GitHub refuses comments over 65,536 characters); the summary always counts them all.
    /// </summary>
    public static string Render(IReadOnlyList<Change> plan, string title, int maxRows = 500)
    {
        var md = new StringBuilder();
        md.Append("### ").Append(Escape(title)).Append("\n\n");
        var summary = PlanSummary.Of(plan);
        md.Append("**").Append(summary).Append("**\n");
        if (summary.IsEmpty) return md.ToString();

        md.Append("\n| | Kind | Name | Target | Details |\n|---|---|---|---|---|\n");
        foreach (var change in plan.Take(maxRows))
        {
            var view = ChangeView.Of(change);
            md.Append("| ").Append(Action(view.Action))
              .Append(" | ").Append(view.Kind)
              .Append(" | ").Append(Code(view.Subject))
              .Append(" | ").Append(view.Target.Length == 0 ? "" : Code(view.Target))
              .Append(" | ").Append(Details(change))
              .Append(" |\n");
        }
        if (plan.Count > maxRows)
            md.Append('\n').Append(FormattableString.Invariant($"…and {plan.Count - maxRows:N0} more change{(plan.Count - maxRows == 1 ? "" : "s")}.")).Append('\n');
        return md.ToString();
    }

    private static string Action(ChangeAction action) => action switch
    {
        ChangeAction.Add => "`+` add",
        ChangeAction.Update => "`~` change",
        ChangeAction.Rename => "`~` rename",
        _ => "`-` remove",
    };

    /// <summary>Added records show their non-default fields; updated ones show each field that changes.</summary>
    private static string Details(Change change) => change switch
    {
        AddPermission c => Added(Fields(c.Definition)),
        UpdatePermission c => Updated(Fields(c.Before), Fields(c.After)),
        AddUser c => Added(Fields(c.User)),
        UpdateUser c => Updated(Fields(c.Before), Fields(c.After)),
        AddGroup c => Added(Fields(c.Group)),
        UpdateGroup c => Updated(Fields(c.Before), Fields(c.After)),
        AddPolicy c => $"position {c.Position + 1}<br>" + PolicyRules(c.Section),
        UpdatePolicy c => PolicyRules(c.Before) + " →<br>" + PolicyRules(c.After),
        RenameUser or RenameGroup => "",
        RemovePermission or RemoveUser or RemoveGroup or AddMember or RemoveMember or AddGrant or RemoveGrant or RemovePolicy => "",
        _ => throw new UnreachableException($"No plan details for the change kind {change.GetType().Name}."),
    };

    /// <summary>A policy section's entries in Trac's form, one a line.</summary>
    private static string PolicyRules(PolicySection section) =>
        section.Rules.Count == 0 ? "(no entries)" : string.Join("<br>", section.Rules.Select(r => Value(r.ToString())));

    private static string Added(List<Field> after) =>
        string.Join("<br>", after.Where(f => f.Value.Length > 0 && f.Value != f.Default).Select(f => $"{f.Name}: {Value(f.Value)}"));

    private static string Updated(List<Field> before, List<Field> after) =>
        string.Join("<br>", after.Zip(before).Where(p => p.First.Value != p.Second.Value)
            .Select(p => $"{p.First.Name}: {Value(p.Second.Value)} → {Value(p.First.Value)}"));

    private readonly record struct Field(string Name, string Value, string Default = "");

    private static List<Field> Fields(PermissionDefinition p) =>
    [
        new(ManifestKeys.App, p.App, PermissionNaming.Split(p.Name).App), new(ManifestKeys.Model, p.Model),
        new(ManifestKeys.Description, p.Description), new(ManifestKeys.Implies, string.Join(", ", p.Implies)),
    ];

    private static List<Field> Fields(User u) =>
    [
        new(ManifestKeys.DisplayName, u.DisplayName), new(ManifestKeys.Email, u.Email),
        new(ManifestKeys.Active, u.IsActive ? "true" : "false", "true"), new(ManifestKeys.Superuser, u.IsSuperuser ? "true" : "false", "false"),
    ];

    private static List<Field> Fields(Group g) => [new(ManifestKeys.Description, g.Description)];

    private static string Value(string value) => value.Length == 0 ? "*(empty)*" : Code(value);

    /// <summary>
    /// A code span that survives any content: a backtick fence longer than any run inside, | escaped for the
    /// table, control characters made visible, and no line breaks.
    /// </summary>
    private static string Code(string text)
    {
        text = NameRules.Printable(text).Replace("|", "\\|", StringComparison.Ordinal);
        int longest = 0, run = 0;
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        var fence = new string('`', longest + 1);
        var pad = text.StartsWith('`') || text.EndsWith('`') || (text.StartsWith(' ') && text.EndsWith(' ')) ? " " : "";
        return fence + pad + text + pad + fence;
    }

    /// <summary>Plain text with every ASCII punctuation character backslash-escaped, so none of it is markup.</summary>
    private static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in NameRules.Printable(text))
        {
            if (char.IsAsciiLetterOrDigit(c) || c == ' ' || c > 127) sb.Append(c);
            else if (char.IsPunctuation(c) || char.IsSymbol(c)) sb.Append('\\').Append(c);
            else sb.Append(' ');
        }
        return sb.ToString();
    }
}
