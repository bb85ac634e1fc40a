namespace PermShell.Core.Manifest;

/// <summary>How an import treats what the store has and the manifest does not (SPEC §3).</summary>
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))] // ConvertTo-Json writes the name, not the number (pwsh serialises with Newtonsoft.Json)
public enum ManifestMode
{
    /// <summary>Add and update what the manifest states; remove nothing.</summary>
    Merge,

    /// <summary>Make each section the manifest contains equal to it; leave the sections it omits alone.</summary>
    Sync,
}
