using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PermShell.Core.Store;

/// <summary>
/// SHA-256 over a domain tag and a list of text fields, each as its UTF-8 byte length (decimal), ':', the bytes and
/// '\n'. Length prefixes make the encoding unambiguous: no two field lists encode alike, and the domain tag keeps
/// one use's hashes (log entries, store rows) from passing for another's.
/// </summary>
internal static class CanonicalHash
{
    public static void Sha256(ReadOnlySpan<byte> domain, ReadOnlySpan<string> fields, Span<byte> hash)
    {
        var size = domain.Length;
        foreach (var field in fields) size += Encoding.UTF8.GetByteCount(field) + 12;
        // One buffer and one-shot SHA-256: appending field by field to an IncrementalHash costs more than the hashing.
        var rented = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            domain.CopyTo(rented);
            var at = domain.Length;
            foreach (var field in fields)
            {
                var length = Encoding.UTF8.GetByteCount(field);
                length.TryFormat(rented.AsSpan(at), out var digits, provider: CultureInfo.InvariantCulture);
                at += digits;
                rented[at++] = (byte)':';
                at += Encoding.UTF8.GetBytes(field, rented.AsSpan(at));
                rented[at++] = (byte)'\n';
            }
            SHA256.HashData(rented.AsSpan(0, at), hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
