using PermShell.Core.Manifest;

namespace PermShell.Core.Rules;

/// <summary>A change put to the rule book, with where it is written when it comes from a file (null from a cmdlet).</summary>
public sealed record ProposedChange
{
    private readonly SourceLocation? _location;
    private readonly Func<Change, SourceLocation?>? _locate;

    public ProposedChange(Change change, SourceLocation? location = null)
    {
        Change = change;
        _location = location;
    }

    /// <summary>
    /// A change whose place is found by <paramref name="locate"/> when a problem asks for it: a manifest's plan has
    /// hundreds of thousands of changes and most checks find no problem, so indexing every place up front was wasted.
    /// </summary>
    public ProposedChange(Change change, Func<Change, SourceLocation?> locate)
    {
        Change = change;
        _locate = locate;
    }

    public Change Change { get; }

    public SourceLocation? Location => _location ?? _locate?.Invoke(Change);
}
