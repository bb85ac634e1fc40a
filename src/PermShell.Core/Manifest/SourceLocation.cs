namespace PermShell.Core.Manifest;

/// <summary>
/// Where something is written in a manifest. Line and column are 1-based, as YamlDotNet's marks count them,
/// so <c>file:line:column</c> opens at the right place in editors and CI problem matchers.
/// </summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    /// <summary>The start of a file, for problems that concern the file as a whole (too large, unreadable).</summary>
    public static SourceLocation StartOf(string file) => new(file, 1, 1);

    public override string ToString() => $"{File}:{Line}:{Column}";
}
