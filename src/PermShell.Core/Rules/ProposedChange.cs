using PermShell.Core.Manifest;

namespace PermShell.Core.Rules;

/// <summary>A change put to the rule book, with where it is written when it comes from a file (null from a cmdlet).</summary>
public sealed record ProposedChange(Change Change, SourceLocation? Location = null);
