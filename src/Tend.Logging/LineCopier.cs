using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Tend.Logging;

/// <summary>
/// The hot path of log forwarding: copies every complete line of a chunk into the output buffer
/// behind its prefix. With 100-byte lines the cost is per line, not per byte, so nothing here
/// calls out per line: newlines are found 16 bytes at a time (SIMD compare and bit mask), and
/// lines and prefixes are moved in 16-byte blocks that may run past their end (the output buffer
/// has <see cref="OutputBuffer.Slack"/> bytes of room for that, the source <see cref="SourceSlack"/>;
/// the next line overwrites the excess). Measured on 1 GB of 100-byte lines: about 190 ms of CPU
/// here, against about 400 ms for one IndexOf and two memmove calls per line, and less in all
/// than writev with (prefix, line) pieces, whose iovec handling in the kernel cost more than the copy.
/// </summary>
internal static unsafe class LineCopier
{
    /// <summary>Readable bytes the source must have beyond its length.</summary>
    public const int SourceSlack = 16;

    /// <summary>
    /// Copies the complete lines of src[0..length) and returns how many bytes they took. Stops at
    /// the first line longer than <paramref name="maxLine"/> (bytes before its newline) or at the
    /// trailing partial line; the caller hands the rest to the splitter. <paramref name="prefix"/>
    /// must be readable for a multiple of 16 bytes covering its length (see <see cref="Prefixes.Pinned"/>).
    /// </summary>
    public static int CopyLines(byte* src, int length, byte* prefix, int prefixLength, OutputBuffer output, int maxLine, ref long lines)
    {
        var lineStart = 0;
        var i = 0;
        var newline = Vector128.Create((byte)'\n');
        while (i + 16 <= length)
        {
            var mask = Vector128.Equals(Vector128.Load(src + i), newline).ExtractMostSignificantBits();
            while (mask != 0)
            {
                var nl = i + BitOperations.TrailingZeroCount(mask);
                if (nl - lineStart > maxLine) return lineStart;
                Emit(output, prefix, prefixLength, src + lineStart, nl - lineStart + 1);
                lines++;
                lineStart = nl + 1;
                mask &= mask - 1;
            }
            if (i + 16 - lineStart > maxLine) return lineStart; // an over-long line in progress
            i += 16;
        }
        for (; i < length; i++)
        {
            if (src[i] != (byte)'\n') continue;
            if (i - lineStart > maxLine) return lineStart;
            Emit(output, prefix, prefixLength, src + lineStart, i - lineStart + 1);
            lines++;
            lineStart = i + 1;
        }
        return lineStart;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Emit(OutputBuffer output, byte* prefix, int prefixLength, byte* line, int lineLength)
    {
        var total = prefixLength + lineLength;
        var dst = output.ReservePointer(total);
        for (var k = 0; k < prefixLength; k += 16) Vector128.Store(Vector128.Load(prefix + k), dst + k);
        dst += prefixLength;
        for (var k = 0; k < lineLength; k += 16) Vector128.Store(Vector128.Load(line + k), dst + k);
        output.Advance(total);
    }
}
