using System.Globalization;

namespace PermShell.Core.Store;

/// <summary>Where a transaction's changes come from, as the change log records it in every entry's Source.</summary>
public sealed record ChangeSource(string Text)
{
    /// <summary>A change made by code that did not say where it came from (core callers, tests).</summary>
    public static readonly ChangeSource Unspecified = new("PermShell");

    /// <summary>A cmdlet, by its name ("Grant-Permission").</summary>
    public static ChangeSource Cmdlet(string name) => new(name);

    /// <summary>A manifest import: the full path and the SHA-256 of the bytes read (see ManifestDocument.ContentHash).</summary>
    public static ChangeSource Manifest(string fullPath, string sha256) =>
        new(string.Create(CultureInfo.InvariantCulture, $"manifest {fullPath} sha256:{sha256}"));

    public override string ToString() => Text;
}
