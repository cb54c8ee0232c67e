using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Tend.Http;

/// <summary>
/// %XX decoding of the request target, strict: a malformed escape, invalid UTF-8 or a decoded NUL is an
/// error rather than something passed on for a handler (or a file name) to trip over.
/// </summary>
internal static class PercentDecoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <param name="encoded">The raw bytes of a path or a query component.</param>
    /// <param name="plusIsSpace">True for query components (form encoding), where '+' stands for a space.</param>
    /// <param name="decoded">The decoded text; null when <paramref name="encoded"/> is malformed.</param>
    public static bool TryDecode(ReadOnlySpan<byte> encoded, bool plusIsSpace, [NotNullWhen(true)] out string? decoded)
    {
        decoded = null;
        Span<byte> bytes = encoded.Length <= 256 ? stackalloc byte[256] : new byte[encoded.Length];
        var n = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var b = encoded[i];
            if (b == '%')
            {
                if (i + 2 >= encoded.Length) return false;
                var hi = HexValue(encoded[i + 1]);
                var lo = HexValue(encoded[i + 2]);
                if (hi < 0 || lo < 0) return false;
                b = (byte)(hi << 4 | lo);
                i += 2;
            }
            else if (b == '+' && plusIsSpace)
            {
                b = (byte)' ';
            }
            if (b == 0) return false;
            bytes[n++] = b;
        }
        try
        {
            decoded = StrictUtf8.GetString(bytes[..n]);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    public static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
