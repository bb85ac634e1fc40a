namespace PermShell;

/// <summary>What a new store starts with: nothing, a new Trac 1.6 environment, or Django's auth app.</summary>
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))] // ConvertTo-Json writes the name, not the number (pwsh serialises with Newtonsoft.Json)
public enum StoreTemplateKind
{
    Empty,
    Trac,
    Django,
}
