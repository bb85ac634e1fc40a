using System.Buffers.Binary;
using System.Globalization;
using System.Data.Common;

namespace PermShell.Core.Store;

/// <summary>
/// A digest of the store's content (the tables of <see cref="StoreRow.Tables"/>) that the change log carries, so that
/// the log vouches for the data. It is a multiset hash: the SHA-256 of each row's canonical encoding, summed per 64-bit
/// lane. Adding or removing a row adds or subtracts its hash, so a write updates it by the rows it touches whatever
/// the store's size, and since a sum ignores order, one scan of the tables gives the digest the writes kept.
/// </summary>
internal sealed class ContentDigest
{
    private static readonly byte[] Domain = "PermShell store row v1\n"u8.ToArray();

    private readonly ulong[] _lanes = new ulong[4];

    private ContentDigest() { }

    /// <summary>The digest of a new store: only the virtual subjects the schema creates.</summary>
    public static ContentDigest OfNewStore()
    {
        var digest = new ContentDigest();
        digest.Add(StoreRow.Virtual(PermissionState.Anonymous));
        digest.Add(StoreRow.Virtual(PermissionState.Authenticated));
        return digest;
    }

    /// <summary>The digest of these rows (a whole store's content: see <see cref="StoreRow.Of"/>).</summary>
    public static ContentDigest Of(IEnumerable<StoreRow> rows)
    {
        var digest = new ContentDigest();
        digest.AddRange(rows);
        return digest;
    }

    /// <summary>The digest of the tables as they are, in one scan (any backend: integers are read as 64-bit on each).</summary>
    public static ContentDigest Scan(DbConnection connection, DbTransaction tx)
    {
        var digest = new ContentDigest();
        foreach (var (table, columns) in StoreRow.Tables)
        {
            using var cmd = connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = $"SELECT {columns} FROM {table};";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var values = new object?[r.FieldCount];
                for (var i = 0; i < values.Length; i++) values[i] = r.IsDBNull(i) ? null : r.GetValue(i);
                digest.Add(new StoreRow(table, values));
            }
        }
        return digest;
    }

    /// <summary>Reads a digest as <see cref="ToString"/> writes it; null for anything else.</summary>
    public static ContentDigest? Parse(string text)
    {
        if (text.Length != 64) return null;
        byte[] bytes;
        try { bytes = Convert.FromHexString(text); }
        catch (FormatException) { return null; }
        var digest = new ContentDigest();
        for (var i = 0; i < 4; i++) digest._lanes[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(i * 8));
        return digest;
    }

    /// <summary>An independent copy, to go on from without changing this one.</summary>
    public ContentDigest Copy()
    {
        var copy = new ContentDigest();
        _lanes.CopyTo(copy._lanes, 0);
        return copy;
    }

    public void Add(StoreRow row) => Fold(row, subtract: false);

    public void Remove(StoreRow row) => Fold(row, subtract: true);

    public void AddRange(IEnumerable<StoreRow> rows) { foreach (var row in rows) Add(row); }

    public void RemoveRange(IEnumerable<StoreRow> rows) { foreach (var row in rows) Remove(row); }

    /// <summary>64 lower-case hex digits: the four lanes, little-endian.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[32];
        for (var i = 0; i < 4; i++) BinaryPrimitives.WriteUInt64LittleEndian(bytes[(i * 8)..], _lanes[i]);
        return Convert.ToHexString(bytes).ToLowerInvariant();
    }

    private void Fold(StoreRow row, bool subtract)
    {
        Span<byte> hash = stackalloc byte[32];
        HashRow(row, hash);
        for (var i = 0; i < 4; i++)
        {
            var lane = BinaryPrimitives.ReadUInt64LittleEndian(hash[(i * 8)..]);
            _lanes[i] = unchecked(subtract ? _lanes[i] - lane : _lanes[i] + lane);
        }
    }

    /// <summary>
    /// SHA-256 (see <see cref="CanonicalHash"/>) over the table name and each value as a type letter (t text,
    /// i integer, r real, b blob as hex, n null) followed by its text, so a value's SQLite type counts too ('1' is not 1).
    /// </summary>
    private static void HashRow(StoreRow row, Span<byte> hash)
    {
        var fields = new string[row.Values.Length + 1];
        fields[0] = row.Table;
        for (var i = 0; i < row.Values.Length; i++)
        {
            fields[i + 1] = row.Values[i] switch
            {
                string s => "t" + s,
                long n => "i" + n.ToString(CultureInfo.InvariantCulture),
                double d => "r" + d.ToString("R", CultureInfo.InvariantCulture),
                byte[] b => "b" + Convert.ToHexString(b),
                null => "n",
                var other => throw new ArgumentException($"A store row holds a {other.GetType().Name}; SQLite stores text, integers, reals and blobs."),
            };
        }
        CanonicalHash.Sha256(Domain, fields, hash);
    }
}
