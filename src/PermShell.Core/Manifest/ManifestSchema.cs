namespace PermShell.Core.Manifest;

/// <summary>
/// The manifest's JSON schema (draft-07, what yaml-language-server validates best), shipped with the module as
/// <see cref="FileName"/> so editors check manifests as they are typed. A test holds it to the parser's keys.
/// </summary>
public static class ManifestSchema
{
    public const string FileName = "PermShell.Manifest.schema.json";

    private static readonly Lazy<string> Text = new(() =>
    {
        using var stream = typeof(ManifestSchema).Assembly.GetManifestResourceStream(FileName)
            ?? throw new InvalidOperationException($"The embedded resource {FileName} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>The schema's text, exactly as shipped.</summary>
    public static string Json => Text.Value;
}
