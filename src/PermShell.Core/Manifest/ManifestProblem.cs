namespace PermShell.Core.Manifest;

/// <summary>Errors refuse a manifest; warnings are worth reading but do not stop an import.</summary>
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))] // ConvertTo-Json writes the name, not the number (pwsh serialises with Newtonsoft.Json)
public enum ManifestSeverity
{
    Error,
    Warning,
}

/// <summary>
/// One thing wrong with a manifest, where it is written and what to do about it. <see cref="ErrorId"/> is stable
/// and dotted (PermShell.Manifest.UnknownKey, or the PermShell.Name.* id of the name rule that was broken).
/// </summary>
public sealed record ManifestProblem(SourceLocation Location, string ErrorId, string Message, ManifestSeverity Severity = ManifestSeverity.Error)
{
    public bool IsError => Severity == ManifestSeverity.Error;

    public override string ToString() => $"{Location}: {(IsError ? "" : "warning: ")}{Message}";
}
