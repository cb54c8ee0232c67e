using System.Numerics;
using System.Runtime.Intrinsics;

namespace Tend.Logging;

/// <summary>
/// The hot path of log forwarding: copies every complete line of a chunk into the output buffer
/// behind its prefix. With 100-byte lines the cost is per line, not per byte, so the loop makes one
/// pass over each line: 32 bytes at a time are loaded, stored at once to their place in the output
/// and compared for a newline (two 16-byte SIMD blocks: NativeAOT's baseline CPU has no AVX2); the
/// line ends in the step that holds one. Steps may run past the line's end (the output buffer has
/// <see cref="OutputBuffer.Slack"/> bytes of room for that, the source <see cref="SourceSlack"/>;
/// the next prefix and line overwrite the excess), and the output position stays in a register:
/// the buffer is told once per call, not per line. About 70 instructions for a 100-byte line,
/// against about 180 for the former search-then-copy loop (issue 21), and cheaper than writev with
/// (prefix, line) pieces, whose iovec handling in the kernel cost more than the copy.
/// </summary>
internal static unsafe class LineCopier
{
    /// <summary>Readable bytes the source must have beyond its length (one block).</summary>
    public const int SourceSlack = 32;

    /// <summary>
    /// Copies the complete lines of src[0..length) and returns how many bytes they took. Stops at
    /// the first line longer than <paramref name="maxLine"/> (bytes before its newline) or at the
    /// trailing partial line; the caller hands the rest to the splitter. <paramref name="prefix"/>
    /// must be readable for a multiple of 32 bytes covering its length (see <see cref="Prefixes.Pinned"/>).
    /// </summary>
    public static int CopyLines(byte* src, int length, byte* prefix, int prefixLength, OutputBuffer output, int maxLine, ref long lines)
    {
        // The most one line can take in the output; a line's blocks may overrun it by one block (slack).
        var perLine = prefixLength + maxLine + 1;
        var consumed = 0;
        while (true)
        {
            var start = output.ReservePointer(perLine); // flushes first when the buffer is too full
            var dst = start;
            var limit = output.Limit - perLine;
            var full = Copy(src, length, ref consumed, prefix, prefixLength, ref dst, limit, maxLine, ref lines);
            output.Advance((int)(dst - start));
            if (!full) return consumed;
        }
    }

    /// <summary>Copies lines from <paramref name="at"/> on; true when it stopped for room in the output.</summary>
    private static bool Copy(byte* src, int length, ref int at, byte* prefix, int prefixLength, ref byte* output, byte* limit, int maxLine, ref long lines)
    {
        var newline = Vector128.Create((byte)'\n');
        var s = at;
        var dst = output;
        long count = 0;
        var full = false;
        while (true)
        {
            if (dst > limit) { full = true; break; }
            for (var k = 0; k < prefixLength; k += 32)
            {
                Vector128.Store(Vector128.Load(prefix + k), dst + k);
                Vector128.Store(Vector128.Load(prefix + k + 16), dst + k + 16);
            }
            var line = dst + prefixLength;
            var from = src + s;
            var left = length - s;
            var k2 = 0;
            int size;
            while (true)
            {
                if (k2 >= left) goto done; // no newline before the end: a partial line
                // Two blocks a step (the source's slack covers the second past the end).
                var first = Vector128.Load(from + k2);
                var second = Vector128.Load(from + k2 + 16);
                Vector128.Store(first, line + k2);
                Vector128.Store(second, line + k2 + 16);
                var hit1 = Vector128.Equals(first, newline);
                var hit2 = Vector128.Equals(second, newline);
                if ((hit1 | hit2).ExtractMostSignificantBits() != 0)
                {
                    var mask = hit1.ExtractMostSignificantBits() | (hit2.ExtractMostSignificantBits() << 16);
                    size = k2 + BitOperations.TrailingZeroCount(mask) + 1;
                    if (size > left || size - 1 > maxLine) goto done; // past the data (slack), or over-long
                    break;
                }
                k2 += 32;
                if (k2 > maxLine) goto done; // over-long, still going
            }
            dst = line + size;
            s += size;
            count++;
        }
    done:
        at = s;
        output = dst;
        lines += count;
        return full;
    }
}
