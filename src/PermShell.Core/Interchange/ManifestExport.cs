using PermShell.Core.Manifest;

namespace PermShell.Core.Interchange;

/// <summary>A store written in any <see cref="ManifestFormat"/>, with what that format could not carry.</summary>
public sealed record ManifestExport(string Text, IReadOnlyList<string> Losses)
{
    public static ManifestExport Write(PermissionState state, ManifestFormat format) => format switch
    {
        ManifestFormat.Yaml => new(ManifestWriter.Write(state), []),
        ManifestFormat.TracCsv => new(TracCsvWriter.Write(state), TracCsvWriter.Losses(state)),
        ManifestFormat.DjangoFixture => new(DjangoFixtureWriter.Write(state), DjangoFixtureWriter.Losses(state)),
        ManifestFormat.TracAuthzPolicy => new(TracAuthzPolicyWriter.Write(state), TracAuthzPolicyWriter.Losses(state)),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown manifest format."),
    };
}
