namespace PermShell;

/// <summary>
/// What Backup-PermissionStore wrote: a verified copy of a store. LogHead is the hash of the copy's last log entry:
/// kept somewhere else, it lets anyone check later that the log up to that entry was not rewritten.
/// </summary>
public sealed record StoreBackup
{
    public required string Path { get; init; }
    /// <summary>The store that was copied.</summary>
    public required string Store { get; init; }
    /// <summary>When the copy was taken, in UTC.</summary>
    public required DateTime Time { get; init; }
    public long Revision { get; init; }
    public long LogEntries { get; init; }
    public string LogHead { get; init; } = "";
    /// <summary>Whether the copy's change log verified (a store whose log is damaged is still copied, with a warning).</summary>
    public bool LogIntact { get; init; }
    public long Size { get; init; }
    /// <summary>SHA-256 of the backup file, to check a copy of it later.</summary>
    public string Sha256 { get; init; } = "";

    public override string ToString() => Path;
}
