namespace PermShell.Core.Store;

/// <summary>Where a store lives when no -Store is given (SPEC §1 "Store").</summary>
public static class StoreLocation
{
    public const string EnvironmentVariable = "PERMSHELL_STORE";

    /// <summary>$env:PERMSHELL_STORE, else LocalApplicationData/PermShell/permshell.db.</summary>
    public static string DefaultPath()
    {
        var fromEnv = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv)) return Path.GetFullPath(fromEnv);
        var appData = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(appData))
            appData = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(appData, "PermShell", "permshell.db");
    }
}
