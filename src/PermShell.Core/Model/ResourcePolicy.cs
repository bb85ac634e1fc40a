namespace PermShell;

/// <summary>
/// A section of the store's resource policy as the cmdlets show it (<c>PermShell.ResourcePolicy</c>): its place in
/// the order (1 = checked first), its resource pattern, and its entries in Trac's form (<c>john = WIKI_VIEW, !WIKI_MODIFY</c>;
/// as text, for Export-Csv, joined by "; ").
/// </summary>
public sealed record ResourcePolicy(int Position, string Resource, IReadOnlyList<string> Rules)
{
    public const string TypeName = "PermShell.ResourcePolicy";

    /// <summary>Every section of <paramref name="policies"/>, in order.</summary>
    public static IEnumerable<ResourcePolicy> Of(IReadOnlyList<PolicySection> policies) =>
        policies.Select((section, i) => Of(section, i));

    public static ResourcePolicy Of(PolicySection section, int index) =>
        new(index + 1, section.Resource, TextList<string>.Of(section.Rules.Select(r => r.ToString()).ToArray(), "; "));
}
