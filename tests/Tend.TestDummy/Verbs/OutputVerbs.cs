namespace Tend.TestDummy.Verbs;

/// <summary>
/// Output verbs for exercising tend's log capture: exact bytes, exact line lengths, big
/// volumes, missing newlines and non-UTF-8 data, all written with raw write(2).
/// </summary>
internal static class OutputVerbs
{
    private const int ChunkBytes = 64 * 1024;

    public static Action Echo(VerbArgs a, int fd)
    {
        var text = a.Join(0) + "\n";
        return () => RawIo.WriteText(fd, text);
    }

    public static Action Partial(VerbArgs a)
    {
        a.Expect(1, int.MaxValue, "TEXT...");
        var text = a.Join(0);
        return () => RawIo.WriteText(RawIo.Stdout, text);
    }

    /// <summary>
    /// Lines look like "line 000001 xxxx...\n", exactly LEN bytes including the newline (a LEN too
    /// short for the number just cuts it off). Numbers are 6 digits, more if N needs them.
    /// </summary>
    public static Action SpewLines(VerbArgs a)
    {
        a.Expect(1, 3, "N [LEN] [stdout|stderr]");
        long count = a.Integer(0, "N", 0);
        int length = 100, fd = RawIo.Stdout;
        for (int i = 1; i < a.Count; i++)
        {
            if (a[i] == "stdout") fd = RawIo.Stdout;
            else if (a[i] == "stderr") fd = RawIo.Stderr;
            else if (i == 1) length = (int)a.Integer(i, "LEN", 1, 64 * 1024 * 1024);
            else throw a.Error($"expected stdout or stderr, got '{a[i]}'");
        }
        return () => WriteLines(fd, count, length);
    }

    private static void WriteLines(int fd, long count, int length)
    {
        int digits = Math.Max(6, count.ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        // Template "line 000000 xxx...\n" cut to LEN; per line only the digits change.
        var template = new byte[length];
        var prefix = System.Text.Encoding.ASCII.GetBytes("line " + new string('0', digits) + " ");
        for (int i = 0; i < length - 1; i++) template[i] = i < prefix.Length ? prefix[i] : (byte)'x';
        template[length - 1] = (byte)'\n';
        int digitsEnd = Math.Min(5 + digits, length - 1); // digits that fit before the newline

        var buffer = new byte[Math.Max(ChunkBytes, length)];
        int used = 0;
        for (long n = 1; n <= count; n++)
        {
            if (used + length > buffer.Length)
            {
                RawIo.WriteAll(fd, buffer.AsSpan(0, used));
                used = 0;
            }
            template.CopyTo(buffer, used);
            long v = n;
            for (int pos = 5 + digits - 1; pos >= 5; pos--, v /= 10)
                if (pos < digitsEnd) buffer[used + pos] = (byte)('0' + (int)(v % 10));
            used += length;
        }
        if (used > 0) RawIo.WriteAll(fd, buffer.AsSpan(0, used));
    }

    /// <summary>Bytes cycle 0x00..0xFF: NUL, \r, \n, lone continuation bytes and 0xFF are all in there.</summary>
    public static Action SpewBytes(VerbArgs a)
    {
        a.Expect(1, 1, "N");
        long count = a.Integer(0, "N", 0);
        return () =>
        {
            var buffer = new byte[ChunkBytes]; // a multiple of 256, so every chunk continues the cycle
            for (int i = 0; i < buffer.Length; i++) buffer[i] = (byte)i;
            for (long left = count; left > 0; left -= buffer.Length)
                RawIo.WriteAll(RawIo.Stdout, buffer.AsSpan(0, (int)Math.Min(left, buffer.Length)));
        };
    }

    public static Action LongLine(VerbArgs a)
    {
        a.Expect(1, 1, "N");
        long count = a.Integer(0, "N", 0);
        return () =>
        {
            var buffer = new byte[ChunkBytes + 1];
            Array.Fill(buffer, (byte)'a');
            long left = count;
            while (left > ChunkBytes)
            {
                RawIo.WriteAll(RawIo.Stdout, buffer.AsSpan(0, ChunkBytes));
                left -= ChunkBytes;
            }
            // The newline goes out with the last 'a's, so a short line is a single write.
            buffer[left] = (byte)'\n';
            RawIo.WriteAll(RawIo.Stdout, buffer.AsSpan(0, (int)left + 1));
        };
    }
}
