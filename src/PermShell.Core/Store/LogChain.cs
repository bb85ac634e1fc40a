namespace PermShell.Core.Store;

/// <summary>
/// The head of a change log while entries are appended, whatever keeps them: the last id and hash, the digest of the
/// store's data as of the next entry, and the actor this process writes as. <see cref="Next"/> makes the next entry
/// (id, time, hash over its fields, see <see cref="ChangeLog.Hash(string, long, string, string, string, string, string, string, string)"/>),
/// so every backend writes entries that hash and verify alike; the backend only stores them.
/// </summary>
internal sealed class LogChain
{
    private readonly string _actor;

    /// <summary>
    /// Continues a chain whose last entry is <paramref name="lastId"/> with hash <paramref name="head"/>. Entries name
    /// <paramref name="actor"/>: the backend's (a PostgreSQL store's session user), else this process's OS user.
    /// </summary>
    public LogChain(long lastId, string head, ContentDigest digest, string? actor = null)
    {
        _actor = actor ?? ChangeLog.CurrentActor();
        LastId = lastId;
        Head = head;
        Digest = digest;
    }

    /// <summary>The id of the last entry (0 for an empty log).</summary>
    public long LastId { get; private set; }

    /// <summary>The hash of the last entry (<see cref="ChangeLog.Genesis"/> for an empty log).</summary>
    public string Head { get; private set; }

    /// <summary>The digest of the store's data as of the next entry: whoever changes the data updates it by the rows changed first.</summary>
    public ContentDigest Digest { get; set; }

    /// <summary>How many entries this chain made.</summary>
    public int Appended { get; private set; }

    /// <summary>The next entry, chained to the last one, and the exact time text its hash covers.</summary>
    public (LogEntry Entry, string Time) Next(ChangeSource source, string action, string subject, string target)
    {
        var id = LastId + 1;
        var now = DateTime.UtcNow;
        var time = ChangeLog.FormatTime(now);
        var digest = Digest.ToString();
        var hash = ChangeLog.Hash(Head, id, time, _actor, action, subject, target, source.Text, digest);
        var entry = new LogEntry
        {
            // The text keeps every tick of UtcNow (seven decimals), so the entry's time is the time its text says.
            Id = id, Time = now, Actor = _actor, Action = action, Subject = subject, Target = target,
            Source = source.Text, PreviousHash = Head, Hash = hash, Digest = digest,
        };
        LastId = id;
        Head = hash;
        Appended++;
        return (entry, time);
    }
}
