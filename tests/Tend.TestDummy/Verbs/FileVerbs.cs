using System.Text;

namespace Tend.TestDummy.Verbs;

/// <summary>Verbs that leave traces in the file system for tests to wait on or read.</summary>
internal static class FileVerbs
{
    /// <summary>Marker files: tests poll for them to know the child got this far.</summary>
    public static Action Touch(VerbArgs a)
    {
        a.Expect(1, 1, "PATH");
        var path = a[0];
        return () => RawIo.WriteFile(path, Native.O_WRONLY | Native.O_CREAT | Native.O_TRUNC, []);
    }

    /// <summary>
    /// O_APPEND and a single write(2): lines from several processes (or several runs of the
    /// same program) never interleave or overwrite each other.
    /// </summary>
    public static Action Append(VerbArgs a)
    {
        a.Expect(2, int.MaxValue, "PATH TEXT...");
        var path = a[0];
        var line = Encoding.UTF8.GetBytes(a.Join(1) + "\n");
        return () => RawIo.WriteFile(path, Native.O_WRONLY | Native.O_CREAT | Native.O_APPEND, line);
    }

    /// <summary>
    /// Many daemons are configured to log to "/dev/stdout" and re-open it. That fails with ENXIO
    /// when fd 1 is a socket, so this checks what tend hands the child as stdout. Opened like
    /// nginx does (append, no truncate) so a regular-file stdout is not clobbered.
    /// </summary>
    public static Action WriteStdoutDev(VerbArgs a)
    {
        a.Expect(1, int.MaxValue, "TEXT...");
        var line = Encoding.UTF8.GetBytes(a.Join(0) + "\n");
        return () => RawIo.WriteFile("/dev/stdout", Native.O_WRONLY | Native.O_APPEND, line);
    }

    /// <summary>
    /// Tells a test "I got here" without polling: the open blocks until the test opens the FIFO
    /// for reading. The FIFO must exist (no O_CREAT: a typo would otherwise make a plain file).
    /// </summary>
    public static Action FifoWrite(VerbArgs a)
    {
        a.Expect(2, int.MaxValue, "PATH TEXT...");
        var path = a[0];
        var line = Encoding.UTF8.GetBytes(a.Join(1) + "\n");
        return () => RawIo.WriteFile(path, Native.O_WRONLY, line);
    }
}
