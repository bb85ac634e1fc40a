using System.Management.Automation;
using PermShell.Core.Store;

namespace PermShell.Commands;

/// <summary>
/// Creates a store, empty or from a template (Trac's defaults, Django's auth app): a SQLite file at -Path, or a
/// schema of a PostgreSQL database named by -ConnectionString.
/// </summary>
[Cmdlet(VerbsCommon.New, "PermissionStore", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(StoreInfo))]
public sealed class NewPermissionStoreCommand : PermShellCmdlet
{
    private const string PathSet = "Path";
    private const string ConnectionStringSet = "ConnectionString";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>A PostgreSQL connection string or postgres:// URI: the store is made in its schema (default permshell).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ConnectionStringSet)]
    [ValidateNotNullOrEmpty]
    public string ConnectionString { get; set; } = "";

    [Parameter]
    [ValidateSet("Empty", "Trac", "Django")]
    public string Template { get; set; } = "Empty";

    /// <summary>Replace an existing file.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        Run(() =>
        {
            var given = ParameterSetName == ConnectionStringSet ? StoreFactory.RequireConnectionString(ConnectionString) : Path;
            var isServer = StoreFactory.IsConnectionString(given);
            var full = isServer ? given : SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            var replacing = Force && (isServer || File.Exists(full));
            var action = !isServer && replacing ? $"Replace with a new store (template {Template})"
                : isServer && Force ? $"Create store, replacing any store there (template {Template})" : $"Create store (template {Template})";
            // The target as shown: a PostgreSQL store's address never with its password.
            if (!Consent.ShouldProcess(this, StoreFactory.Describe(full), action)) return;
            var kind = Enum.Parse<StoreTemplateKind>(Template, ignoreCase: true);
            if (replacing) Core.Administration.Enforcement.RequireSuperuserToReplace(full, ChangeSource.Cmdlet(MyInvocation.MyCommand.Name));
            var store = StoreFactory.Create(full, kind, overwrite: Force, ChangeSource.Cmdlet($"{MyInvocation.MyCommand.Name} -Template {kind}"));
            WriteVerbose(isServer
                ? $"Created the store {store.Location} (template {kind}){(replacing ? ", replacing any store there" : "")}."
                : $"{(replacing ? "Replaced" : "Created")} the store {store.Location} (template {kind}).");
            WriteObject(store.Info(isDefault: StoreSessions.IsDefault(store)));
        });
    }
}
