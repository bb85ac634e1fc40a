namespace PermShell.Core.Store;

/// <summary>Where a store lives when no -Store is given (SPEC §1 "Store").</summary>
public static class StoreLocation
{
    public const string EnvironmentVariable = "PERMSHELL_STORE";

    /// <summary>$env:PERMSHELL_STORE, else the built-in default.</summary>
    public static string DefaultPath() => FromEnvironment() ?? BuiltInDefaultPath();

    /// <summary>
    /// The store $env:PERMSHELL_STORE names, as a full path or a PostgreSQL connection string / URI (as given); null
    /// when the variable is unset or blank. A store chosen this way must exist: a typo in a runbook's variable must not
    /// become a new, empty store.
    /// </summary>
    public static string? FromEnvironment()
    {
        var fromEnv = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(fromEnv)) return null;
        return StoreFactory.IsConnectionString(fromEnv) ? fromEnv.Trim() : Path.GetFullPath(fromEnv);
    }

    /// <summary>LocalApplicationData/PermShell/permshell.db: the only store that is created on first use.</summary>
    public static string BuiltInDefaultPath()
    {
        var appData = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(appData))
            appData = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(appData, "PermShell", "permshell.db");
    }
}
