using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using PermShell.Core.Store;

namespace PermShell.Completers;

/// <summary>
/// Tab completion from the names in the store that the command line points at (its -Store, else the session's
/// default). Prefix match, quoted when needed, sorted; never throws, and reads the store read-only: it never
/// creates, migrates or writes one.
/// </summary>
public abstract class StoreNameCompleter : IArgumentCompleter
{
    /// <summary>The names to offer, given the store's content and what the command line already says.</summary>
    protected abstract IEnumerable<string> Names(PermissionState state, IDictionary bound);

    /// <summary>A parameter's value on the command line when it is one plain name, else null.</summary>
    protected static string? Given(IDictionary bound, string parameter) => bound[parameter] switch
    {
        string name => name,
        object[] { Length: 1 } one when one[0] is string name => name,
        _ => null,
    };

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            var path = fakeBoundParameters["Store"] is string given
                ? StoreFactory.IsConnectionString(given) ? given : Resolve(given)
                : StoreSessions.DefaultPath;
            if (StorePeek.TryRead(path) is not { } state) return Array.Empty<CompletionResult>();
            var prefix = wordToComplete.Trim('\'', '"');
            return Names(state, fakeBoundParameters)
                .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .Select(n => new CompletionResult(Quote(n), n, CompletionResultType.ParameterValue, n))
                .ToList();
        }
        catch (Exception)
        {
            // Completion must never disturb the command line.
            return Array.Empty<CompletionResult>();
        }
    }

    // A relative -Store means relative to the PowerShell location, as when the command runs.
    private static string Resolve(string path)
    {
        // A completer gets no SessionState; a nested pipeline in the current runspace can still ask for it.
        using var ps = PowerShell.Create(RunspaceMode.CurrentRunspace);
        var resolved = ps.AddCommand("Microsoft.PowerShell.Management\\Resolve-Path").AddParameter("LiteralPath", path)
            .AddParameter("ErrorAction", "Ignore").Invoke<PathInfo>().FirstOrDefault();
        return resolved?.ProviderPath ?? System.IO.Path.GetFullPath(path);
    }

    /// <summary>The groups the actor may see: all of them, except under GROUP_MEMBERS_CHANGE alone in an enforced store (its own groups).</summary>
    protected static IEnumerable<string> VisibleGroups(PermissionState state)
    {
        if (!state.IsEnforced) return state.Groups.Keys;
        var rights = new Core.Rules.ActorRights(StorePeek.Actor, new Core.Engine.PermissionSnapshot(state.Clone()));
        return state.Groups.Keys.Where(rights.Sees);
    }

    private static string Quote(string name) =>
        name.All(c => char.IsLetterOrDigit(c) || c is '_' or '.' or '-') ? name : "'" + name.Replace("'", "''") + "'";
}

/// <summary>Permission names from the catalog.</summary>
public sealed class PermissionNameCompleter : StoreNameCompleter
{
    protected override IEnumerable<string> Names(PermissionState state, IDictionary bound) => state.Permissions.Keys;
}

/// <summary>What Grant-Permission takes: permissions and groups (Trac's group-as-permission).</summary>
public sealed class GrantableNameCompleter : StoreNameCompleter
{
    protected override IEnumerable<string> Names(PermissionState state, IDictionary bound) => state.Permissions.Keys.Concat(state.Groups.Keys);
}

/// <summary>
/// What Revoke-Permission can take from the -Subject on the command line: its direct grants and the groups it is
/// directly in (what a revoke removes); with no single subject yet, every permission and group.
/// </summary>
public sealed class RevocableNameCompleter : StoreNameCompleter
{
    protected override IEnumerable<string> Names(PermissionState state, IDictionary bound)
    {
        if (Given(bound, "Subject") is not { } subject || state.KindOf(subject) is null)
            return state.Permissions.Keys.Concat(state.Groups.Keys);
        return state.GrantsOf(subject).Concat(state.Members.Where(m => m.Value.Contains(subject)).Select(m => m.Key));
    }
}

/// <summary>Users, groups and the virtual subjects anonymous and authenticated.</summary>
public sealed class SubjectNameCompleter : StoreNameCompleter
{
    protected override IEnumerable<string> Names(PermissionState state, IDictionary bound) =>
        state.Users.Keys.Concat(state.Groups.Keys).Append(PermissionState.Anonymous).Append(PermissionState.Authenticated);
}

/// <summary>
/// Who Add-PermGroupMember can add to the -Group on the command line: every subject except the group itself and
/// its current members.
/// </summary>
public sealed class NewMemberNameCompleter : StoreNameCompleter
{
    protected override IEnumerable<string> Names(PermissionState state, IDictionary bound)
    {
        var subjects = state.Users.Keys.Concat(state.Groups.Keys).Append(PermissionState.Anonymous).Append(PermissionState.Authenticated);
        if (Given(bound, "Group") is not { } group) return subjects;
        var members = state.MembersOf(group);
        return subjects.Where(s => s != group && !members.Contains(s));
    }
}

public sealed class UserNameCompleter : StoreNameCompleter
{
    protected override IEnumerable<string> Names(PermissionState state, IDictionary bound) => state.Users.Keys;
}

public sealed class GroupNameCompleter : StoreNameCompleter
{
    protected override IEnumerable<string> Names(PermissionState state, IDictionary bound) => VisibleGroups(state);
}

/// <summary>The apps (categories) of the catalog, for -App filters.</summary>
public sealed class AppNameCompleter : StoreNameCompleter
{
    protected override IEnumerable<string> Names(PermissionState state, IDictionary bound) =>
        state.Permissions.Values.Select(p => p.App).Where(a => a.Length > 0).Distinct(StringComparer.Ordinal);
}

/// <summary>The resource patterns of the store's policy sections, in the policy's order.</summary>
public sealed class PolicyResourceCompleter : StoreNameCompleter
{
    protected override IEnumerable<string> Names(PermissionState state, IDictionary bound) => state.Policies.Select(p => p.Resource);
}
