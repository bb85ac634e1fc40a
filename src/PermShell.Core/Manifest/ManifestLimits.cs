namespace PermShell.Core.Manifest;

/// <summary>
/// Bounds that keep hostile or broken input from exhausting memory, time or the stack. Each is checked before the
/// work it bounds: bytes from the file length before reading, depth as nodes open, nodes as aliases are counted.
/// </summary>
public sealed record ManifestLimits
{
    public static ManifestLimits Default { get; } = new();

    /// <summary>Largest manifest in bytes: one file, or all files of a folder together.</summary>
    public long MaxBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Deepest nesting of lists and mappings. A manifest needs 4; YamlDotNet slows down quadratically with depth.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Most nodes in one document once aliases are expanded (each alias counts the whole node it refers to).</summary>
    public long MaxNodes { get; init; } = 5_000_000;
}
