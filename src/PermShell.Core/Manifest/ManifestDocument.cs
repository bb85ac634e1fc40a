namespace PermShell.Core.Manifest;

/// <summary>
/// A manifest as read from one file or a folder of files: the desired content of a store. A section is null when
/// the manifest does not contain it, which is not the same as an empty list: Sync leaves an absent section alone
/// and empties an empty one.
/// </summary>
public sealed class ManifestDocument
{
    public IReadOnlyList<ManifestPermission>? Permissions { get; init; }
    public IReadOnlyList<ManifestUser>? Users { get; init; }
    public IReadOnlyList<ManifestGroup>? Groups { get; init; }

    /// <summary>
    /// Users and groups that Sync never removes, nor takes a grant or a membership from (protected:). What the
    /// manifest lists for them is still added and set. Null when the manifest has no such list.
    /// </summary>
    public IReadOnlyList<ManifestName>? Protected { get; init; }

    /// <summary>The resource policy's sections in order (<c>policies:</c>); null when the manifest has no such section.</summary>
    public IReadOnlyList<ManifestPolicy>? Policies { get; init; }

    /// <summary>The files read, in the order they were read.</summary>
    public IReadOnlyList<string> Files { get; init; } = Array.Empty<string>();

    /// <summary>
    /// SHA-256 (lower-case hex) that names the manifest in the change log: of the file's bytes for a file (what
    /// sha256sum prints); for a folder, of each file's name, NUL, byte length, NUL and bytes, in the order read.
    /// </summary>
    public string ContentHash { get; init; } = "";

    /// <summary>True when reading left out a section, an entry or a name because of a problem already reported.</summary>
    internal bool Partial { get; init; }

    /// <summary>What reading noticed without refusing the manifest (a Django fixture's objects of other models).</summary>
    public IReadOnlyList<ManifestProblem> Warnings { get; init; } = Array.Empty<ManifestProblem>();
}
