namespace PermShell.Core.Manifest;

/// <summary>
/// The keys a manifest may use, in the order SPEC §3 lists them (and the writer writes them). The reader accepts
/// exactly these; a test holds the JSON schema to the same sets.
/// </summary>
internal static class ManifestKeys
{
    public const string Version = "version";
    public const string Permissions = "permissions";
    public const string Users = "users";
    public const string Groups = "groups";
    public const string Protected = "protected";

    public const string Name = "name";
    public const string App = "app";
    public const string Model = "model";
    public const string Description = "description";
    public const string Implies = "implies";
    public const string DisplayName = "displayName";
    public const string Email = "email";
    public const string Active = "active";
    public const string Superuser = "superuser";
    public const string Grants = "grants";
    public const string Members = "members";
    public const string Policies = "policies";
    public const string Resource = "resource";
    public const string Rules = "rules";

    public static readonly string[] TopLevel = [Version, Permissions, Users, Groups, Protected, Policies];
    public static readonly string[] Permission = [Name, App, Model, Description, Implies];
    public static readonly string[] User = [Name, DisplayName, Email, Active, Superuser, Grants];
    public static readonly string[] Group = [Name, Description, Members, Grants];
    /// <summary>anonymous and authenticated take grants only: they have no stored description or members.</summary>
    public static readonly string[] VirtualGroup = [Name, Grants];
    /// <summary>A resource-policy section (issue 15): its pattern and its entries in Trac's form, in order.</summary>
    public static readonly string[] Policy = [Resource, Rules];
}
