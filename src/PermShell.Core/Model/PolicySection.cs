namespace PermShell;

/// <summary>
/// One entry of a policy section, as Trac's AuthzPolicy file writes it (<c>john = WIKI_VIEW, !WIKI_MODIFY</c>): who it
/// is for (a user, <c>@group</c>, <c>*</c>, <c>anonymous</c> or <c>authenticated</c>) and the permissions it grants, or
/// denies where a name starts with <c>!</c>, in order. An entry with no permissions denies everything.
/// </summary>
public sealed record PolicyRule(string Subject, IReadOnlyList<string> Permissions)
{
    public bool Equals(PolicyRule? other) =>
        other is not null && Subject == other.Subject && Permissions.SequenceEqual(other.Permissions, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Subject, Permissions.Count);

    /// <summary>Trac's form: <c>john = WIKI_VIEW, !WIKI_MODIFY</c>; an empty entry is <c>* =</c>.</summary>
    public override string ToString() => Permissions.Count == 0 ? $"{Subject} =" : $"{Subject} = {string.Join(", ", Permissions)}";

    /// <summary>
    /// Reads Trac's form <c>subject = A, !B</c>; the permissions are split at commas and trimmed, empty names dropped
    /// (as Trac's <c>to_list</c> does). Null when there is no <c>=</c>.
    /// </summary>
    public static PolicyRule? Parse(string text)
    {
        var equals = text.IndexOf('=');
        if (equals < 0) return null;
        return new PolicyRule(text[..equals].Trim(), SplitPermissions(text[(equals + 1)..]));
    }

    /// <summary>A comma-separated permission list as Trac reads it: trimmed, empty names dropped.</summary>
    public static string[] SplitPermissions(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>
/// One section of a store's resource policy: a resource pattern (Trac's <c>[wiki:PrivatePage@*]</c>) and its entries
/// in order. The store keeps the sections in order, at most one per pattern; see <c>PolicyEvaluator</c> for how they
/// decide.
/// </summary>
public sealed record PolicySection(string Resource, IReadOnlyList<PolicyRule> Rules)
{
    public bool Equals(PolicySection? other) =>
        other is not null && Resource == other.Resource && Rules.SequenceEqual(other.Rules);

    public override int GetHashCode() => HashCode.Combine(Resource, Rules.Count);

    /// <summary>The entries in Trac's form, one a line.</summary>
    public string RulesText => string.Join("\n", Rules);

    public override string ToString() => $"[{Resource}]";
}
