namespace PermShell.Core.Store;

/// <summary>How a change log was found damaged.</summary>
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))] // ConvertTo-Json writes the name, not the number (pwsh serialises with Newtonsoft.Json)
public enum LogDamage
{
    /// <summary>An entry's fields no longer match its hash.</summary>
    Altered,
    /// <summary>One or more entries are missing: a gap in the ids, a break in the chain, or fewer entries than the store recorded.</summary>
    Removed,
    /// <summary>Entries are present but out of the order they were written in.</summary>
    Reordered,
    /// <summary>There are more entries than the store recorded, or the recorded head is not the last entry's hash.</summary>
    Added,
    /// <summary>The log is intact, but the store's tables no longer match the digest of the data its last entry carries.</summary>
    DataChanged,
}

/// <summary>The result of walking a change log: intact, or the first bad entry and what is wrong with it.</summary>
public sealed record LogVerification(bool IsIntact, long Entries, LogDamage? Damage = null, long? EntryId = null, string Message = "")
{
    public static LogVerification Intact(long entries) => new(true, entries);
}

/// <summary>
/// A change log as <see cref="LogVerifier"/> reads it, whatever keeps it: the entries in id order with the exact time
/// text their hashes cover, lookups by hash for telling a reordering from a removal, the length and head the store
/// recorded beside the log, and the digest of the store's data as it is now.
/// </summary>
internal interface ILogRecords
{
    /// <summary>Every entry in id order, with its time as stored (the hash covers that text, even a tampered one).</summary>
    IEnumerable<(LogEntry Entry, string Time)> InIdOrder();

    /// <summary>The id of an entry other than <paramref name="exceptId"/> whose hash is <paramref name="hash"/>.</summary>
    long? IdWithHash(string hash, long exceptId);

    /// <summary>The id of an entry other than <paramref name="exceptId"/> whose previous hash is <paramref name="hash"/>.</summary>
    long? IdWithPreviousHash(string hash, long exceptId);

    /// <summary>The log's length and last hash as the store recorded them: null count when unrecorded, -1 when not a number.</summary>
    (long? Count, string Head) RecordedHead();

    /// <summary>The digest of the store's data as it is now (a full scan).</summary>
    ContentDigest DigestOfData();
}

/// <summary>
/// Walks the log in id order with constant memory and reports the FIRST entry that breaks it. Only after a break
/// is found does it look the chain up (by hash) to tell a reordering from a removal. An intact log must then vouch
/// for the data: the digest of the data, recomputed in one scan, must equal the last entry's (a new store's when the
/// log is empty).
/// </summary>
internal static class LogVerifier
{
    public static LogVerification Verify(ILogRecords log)
    {
        var expectedId = 1L;
        var previousHash = ChangeLog.Genesis;
        var lastDigest = "";
        foreach (var (e, time) in log.InIdOrder())
        {
            if (e.Id != expectedId)
            {
                var missing = e.Id - 1 == expectedId ? $"#{expectedId} is" : $"#{expectedId} to #{e.Id - 1} are";
                return Bad(LogDamage.Removed, expectedId, $"Entry {missing} missing from the change log: it was removed (the entry after it is #{e.Id}).");
            }
            var selfConsistent = Hash(e, time, e.PreviousHash) == e.Hash;
            if (e.PreviousHash != previousHash)
            {
                if (Hash(e, time, previousHash) == e.Hash)
                    return Bad(LogDamage.Altered, e.Id, $"Entry #{e.Id} was altered: its link to the entry before it was changed.");
                if (FollowsAnother(log, e, previousHash) is { } other)
                    return Bad(LogDamage.Reordered, e.Id, $"Entry #{e.Id} is out of order: {other}.");
                return Bad(LogDamage.Removed, e.Id, e.Id == 1
                    ? "Entry #1 does not start the change log: the entries before it were removed."
                    : $"The change log breaks before entry #{e.Id}: an entry after #{e.Id - 1} was removed, or #{e.Id - 1} was replaced.");
            }
            if (!selfConsistent)
                return Bad(LogDamage.Altered, e.Id, $"Entry #{e.Id} was altered: its content no longer matches its hash.");
            // Digests start with the schema upgrade that brought them; from there on every entry carries one.
            if (e.Digest.Length == 0 && lastDigest.Length > 0)
                return Bad(LogDamage.Altered, e.Id, $"Entry #{e.Id} was altered: it carries no digest of the store's data, though the entries before it do.");
            lastDigest = e.Digest;
            previousHash = e.Hash;
            expectedId++;
        }
        var count = expectedId - 1;
        var (recordedCount, recordedHead) = log.RecordedHead();
        if (recordedCount is null && count > 0)
            return Bad(LogDamage.Altered, count, "The store's record of the change log's length and last hash is missing.");
        if (recordedCount < 0)
            return Bad(LogDamage.Altered, count, "The store's record of the change log's length was altered (it is not a number).");
        if (recordedCount > count)
        {
            var what = recordedCount == count + 1 ? $"entry #{recordedCount} was" : $"entries #{count + 1} to #{recordedCount} were";
            return Bad(LogDamage.Removed, count + 1, $"The change log ends at #{count}, but the store recorded {recordedCount} entries: {what} removed from its end.");
        }
        if (recordedCount < count)
            return Bad(LogDamage.Added, recordedCount.Value + 1, $"Entry #{recordedCount + 1} was not written by PermShell: the store recorded only {recordedCount} entries, and the log has {count}.");
        if (recordedCount is not null && recordedHead != previousHash)
            return Bad(LogDamage.Altered, count, $"Entry #{count} is not the entry the store recorded as the last one: the end of the change log was replaced.");
        return CheckData(log, count, lastDigest);
    }

    /// <summary>The data against the digest the log vouches for: the last entry's, or a new store's when the log is empty.</summary>
    private static LogVerification CheckData(ILogRecords log, long count, string lastDigest)
    {
        // Every store of this schema ends its log with a digest: its migration to digests appended one.
        if (count > 0 && lastDigest.Length == 0)
            return Bad(LogDamage.Removed, count + 1, $"The change log ends at #{count}, an entry from before the log carried digests of the data, but the store's log always ends with one that does: the entries after #{count} were removed.");
        var actual = log.DigestOfData().ToString();
        if (count == 0)
            return actual == ContentDigest.OfNewStore().ToString() ? LogVerification.Intact(0) : Bad(LogDamage.DataChanged, 0,
                "The store's data does not match its change log: the change log is empty, so it vouches only for a new, empty store, but the tables hold other rows. The log's entries (and the record of its end) were removed, or rows were added behind PermShell's back.");
        return actual == lastDigest ? LogVerification.Intact(count) : Bad(LogDamage.DataChanged, count,
            $"The store's data no longer matches the change log after entry #{count}: rows of its tables were added, removed or changed behind PermShell's back (the tables' digest is {actual[..12]}, entry #{count} recorded {lastDigest[..Math.Min(12, lastDigest.Length)]}).");
    }

    private static string Hash(LogEntry e, string time, string previousHash) =>
        ChangeLog.Hash(previousHash, e.Id, time, e.Actor, e.Action, e.Subject, e.Target, e.Source, e.Digest);

    private static LogVerification Bad(LogDamage damage, long id, string message) => new(false, 0, damage, id, message);

    /// <summary>Why <paramref name="e"/> is out of order, when the chain shows it: its true predecessor, or the previous entry's true successor, is stored elsewhere.</summary>
    private static string? FollowsAnother(ILogRecords log, LogEntry e, string previousHash)
    {
        if (e.PreviousHash.Length > 0 && log.IdWithHash(e.PreviousHash, e.Id) is { } before)
            return $"it was written after the entry now stored as #{before}, not after #{e.Id - 1}";
        if (previousHash.Length == 0) return null;
        return log.IdWithPreviousHash(previousHash, e.Id) is { } next ? $"#{e.Id - 1} was followed by the entry now stored as #{next}" : null;
    }
}
