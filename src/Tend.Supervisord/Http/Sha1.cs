using System.Buffers.Binary;
using System.Numerics;

namespace Tend.Supervisord.Http;

/// <summary>
/// SHA-1 (FIPS 180-4), only to check supervisord's "{SHA}" passwords. The BCL's SHA1 calls into
/// OpenSSL, which a NativeAOT binary loads at run time: in a slim image without libssl the check
/// would fail. Twenty lines of arithmetic keep Tend one self-contained binary.
/// </summary>
internal static class Sha1
{
    public static byte[] Hash(ReadOnlySpan<byte> message)
    {
        uint h0 = 0x67452301, h1 = 0xEFCDAB89, h2 = 0x98BADCFE, h3 = 0x10325476, h4 = 0xC3D2E1F0;
        // Padding: 0x80, zeros, then the length in bits, to a multiple of 64 bytes.
        var total = (message.Length + 9 + 63) / 64 * 64;
        var data = new byte[total];
        message.CopyTo(data);
        data[message.Length] = 0x80;
        BinaryPrimitives.WriteUInt64BigEndian(data.AsSpan(total - 8), (ulong)message.Length * 8);
        Span<uint> w = stackalloc uint[80];
        for (var block = 0; block < total; block += 64)
        {
            for (var i = 0; i < 16; i++) w[i] = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(block + i * 4));
            for (var i = 16; i < 80; i++) w[i] = BitOperations.RotateLeft(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
            uint a = h0, b = h1, c = h2, d = h3, e = h4;
            for (var i = 0; i < 80; i++)
            {
                var (f, k) = i switch
                {
                    < 20 => ((b & c) | (~b & d), 0x5A827999u),
                    < 40 => (b ^ c ^ d, 0x6ED9EBA1u),
                    < 60 => ((b & c) | (b & d) | (c & d), 0x8F1BBCDCu),
                    _ => (b ^ c ^ d, 0xCA62C1D6u),
                };
                var t = BitOperations.RotateLeft(a, 5) + f + e + k + w[i];
                e = d; d = c; c = BitOperations.RotateLeft(b, 30); b = a; a = t;
            }
            h0 += a; h1 += b; h2 += c; h3 += d; h4 += e;
        }
        var digest = new byte[20];
        BinaryPrimitives.WriteUInt32BigEndian(digest, h0);
        BinaryPrimitives.WriteUInt32BigEndian(digest.AsSpan(4), h1);
        BinaryPrimitives.WriteUInt32BigEndian(digest.AsSpan(8), h2);
        BinaryPrimitives.WriteUInt32BigEndian(digest.AsSpan(12), h3);
        BinaryPrimitives.WriteUInt32BigEndian(digest.AsSpan(16), h4);
        return digest;
    }
}
