namespace PermShell.Core.Interchange;

/// <summary>The formats a manifest can be read from and written as (SPEC §3).</summary>
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))] // ConvertTo-Json writes the name, not the number (pwsh serialises with Newtonsoft.Json)
public enum ManifestFormat
{
    /// <summary>PermShell's own YAML manifest: a file, or a folder of *.yaml files.</summary>
    Yaml,

    /// <summary>What <c>trac-admin permission export</c> writes: one CSV row per subject, no header.</summary>
    TracCsv,

    /// <summary>What <c>manage.py dumpdata auth</c> writes: a JSON array of auth.permission, auth.group and auth.user.</summary>
    DjangoFixture,
}
