using PermShell.Core.Rules;
using PermShell.Core.Store;

namespace PermShell.Core.Administration;

/// <summary>Sets and removes sections of the resource policy (Trac's AuthzPolicy file, kept in the store).</summary>
public sealed class PolicyAdministration
{
    private readonly ChangeBatch _writer;
    private readonly IHostContext _host;

    public PolicyAdministration(ChangeBatch writer, IHostContext host)
    {
        _writer = writer;
        _host = host;
    }

    /// <summary>
    /// Gives the section for <paramref name="resource"/> exactly these entries (Trac's form, <c>john = WIKI_VIEW, !WIKI_MODIFY</c>).
    /// A new section goes to <paramref name="position"/> (1 = checked first), else last; an existing one keeps its
    /// place unless a position is given, then it moves there. Returns the section as it is then, or null when declined.
    /// </summary>
    public ResourcePolicy? Set(string resource, IReadOnlyList<string> rules, int? position)
    {
        var section = new PolicySection(resource, rules.Select(text => Parse(text, resource)).ToArray());
        var state = _writer.State;
        var at = state.PolicyIndexOf(resource);
        var index = position is { } p ? Math.Clamp(p - 1, 0, at < 0 ? state.Policies.Count : state.Policies.Count - 1) : (at < 0 ? state.Policies.Count : at);
        if (at >= 0 && state.Policies[at].Equals(section) && at == index)
        {
            _host.Verbose($"[{resource}] is already as requested; nothing to change.");
            return ResourcePolicy.Of(section, at);
        }
        Change[] changes = at < 0 ? [new AddPolicy(section, index)]
            : at == index ? [new UpdatePolicy(state.Policies[at], section)]
            : [new RemovePolicy(state.Policies[at]), new AddPolicy(section, index)];
        Warn(RuleBook.Default.Require(state, changes));
        var action = at < 0 ? $"Add policy section at position {index + 1}" : at == index ? "Replace the entries of the policy section" : $"Move the policy section to position {index + 1} and set its entries";
        if (!_host.ShouldProcess($"[{resource}]", action)) return null;
        foreach (var change in changes) _writer.Apply(change);
        return ResourcePolicy.Of(section, index);
    }

    /// <summary>Removes the section for <paramref name="resource"/>; returns it as it was, or null when declined.</summary>
    public ResourcePolicy? Remove(string resource)
    {
        var at = _writer.State.PolicyIndexOf(resource);
        if (at < 0) throw NotFound(resource);
        var before = _writer.State.Policies[at];
        if (!_host.ShouldProcess($"[{resource}]", "Remove policy section")) return null;
        _writer.Apply(new RemovePolicy(before));
        return ResourcePolicy.Of(before, at);
    }

    /// <summary>The section for <paramref name="resource"/> in <paramref name="state"/>, or the NotFound error.</summary>
    public static ResourcePolicy Require(PermissionState state, string resource)
    {
        var at = state.PolicyIndexOf(resource);
        return at < 0 ? throw NotFound(resource) : ResourcePolicy.Of(state.Policies[at], at);
    }

    private static PermShellException NotFound(string resource) =>
        new("PermShell.Policy.NotFound", ProblemKind.ObjectNotFound, PolicySectionRule.NotFoundMessage(resource), resource);

    private static PolicyRule Parse(string text, string resource) =>
        PolicyRule.Parse(text) ?? throw new PermShellException("PermShell.Policy.InvalidEntry", ProblemKind.InvalidArgument,
            $"The entry '{NameRules.Printable(text)}' for [{resource}] is not valid: write it as in Trac's file, 'subject = PERMISSION, !PERMISSION' ('subject =' denies everything).", text);

    // Unknown permissions, users and groups are kept, as Trac keeps them, with a warning each.
    private void Warn(IReadOnlyList<Problem> warnings)
    {
        foreach (var warning in warnings) _host.Warning(warning.Message);
    }
}
