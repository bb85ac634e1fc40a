namespace PermShell;

/// <summary>
/// One entry of a store's change log (SPEC §4): who changed what, when, and from where. Entries are hash-chained:
/// <see cref="Hash"/> covers this entry's fields and <see cref="PreviousHash"/>, the hash of the entry before it.
/// </summary>
public sealed record LogEntry
{
    public required long Id { get; init; }
    /// <summary>When the change was applied, in UTC.</summary>
    public required DateTime Time { get; init; }
    /// <summary>The OS user that ran PowerShell.</summary>
    public required string Actor { get; init; }
    /// <summary>What was done, as "&lt;Action&gt; &lt;Kind&gt;" of the change ("Add Grant", "Update User", "Remove Member").</summary>
    public required string Action { get; init; }
    /// <summary>The object changed: the permission, user or group, or the grantee of a grant, the group of a membership.</summary>
    public required string Subject { get; init; }
    /// <summary>The permission of a grant, the member of a membership, or the attributes set by an Add or Update.</summary>
    public required string Target { get; init; }
    /// <summary>The cmdlet, or "manifest &lt;full path&gt; sha256:&lt;hash of the bytes read&gt;".</summary>
    public required string Source { get; init; }
    public required string PreviousHash { get; init; }
    public required string Hash { get; init; }
    /// <summary>
    /// The digest of the store's data (its tables) after this entry, covered by <see cref="Hash"/>; Test-PermissionLog
    /// compares the tables with the last entry's. Empty for entries written before the log carried digests.
    /// </summary>
    public string Digest { get; init; } = "";

    public override string ToString() => $"#{Id} {Action} {Subject}{(Target.Length == 0 ? "" : " " + Target)}";
}
