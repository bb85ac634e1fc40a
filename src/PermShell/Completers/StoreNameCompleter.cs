using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using PermShell.Core.Store;

namespace PermShell.Completers;

/// <summary>
/// Tab completion from the names in the store that the command line points at (its -Store, else the session's
/// default). Prefix match, quoted when needed, sorted; never throws and never creates a store.
/// </summary>
public abstract class StoreNameCompleter : IArgumentCompleter
{
    protected abstract IEnumerable<string> Names(PermissionState state);

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            var path = fakeBoundParameters["Store"] is string given ? Resolve(given) : StoreSessions.DefaultPath;
            if (!File.Exists(path)) return Array.Empty<CompletionResult>();
            var state = StoreFactory.Open(path).Snapshot().State;
            var prefix = wordToComplete.Trim('\'', '"');
            return Names(state)
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

    private static string Quote(string name) =>
        name.All(c => char.IsLetterOrDigit(c) || c is '_' or '.' or '-') ? name : "'" + name.Replace("'", "''") + "'";
}

/// <summary>Permission names from the catalog.</summary>
public sealed class PermissionNameCompleter : StoreNameCompleter
{
    protected override IEnumerable<string> Names(PermissionState state) => state.Permissions.Keys;
}

/// <summary>What Grant-Permission and Revoke-Permission take: permissions and groups (Trac's group-as-permission).</summary>
public sealed class GrantableNameCompleter : StoreNameCompleter
{
    protected override IEnumerable<string> Names(PermissionState state) => state.Permissions.Keys.Concat(state.Groups.Keys);
}

/// <summary>Users, groups and the virtual subjects anonymous and authenticated.</summary>
public sealed class SubjectNameCompleter : StoreNameCompleter
{
    protected override IEnumerable<string> Names(PermissionState state) =>
        state.Users.Keys.Concat(state.Groups.Keys).Append(PermissionState.Anonymous).Append(PermissionState.Authenticated);
}

public sealed class UserNameCompleter : StoreNameCompleter
{
    protected override IEnumerable<string> Names(PermissionState state) => state.Users.Keys;
}

public sealed class GroupNameCompleter : StoreNameCompleter
{
    protected override IEnumerable<string> Names(PermissionState state) => state.Groups.Keys;
}
