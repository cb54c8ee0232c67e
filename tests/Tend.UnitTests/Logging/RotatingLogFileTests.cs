using System.Text;
using Tend.Logging.Files;

namespace Tend.UnitTests.Logging;

/// <summary>supervisord-style size rotation of program log files, on a real directory.</summary>
public sealed class RotatingLogFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tend-logfile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Read(string name) => File.ReadAllText(Path.Combine(_dir, name));

    [Fact]
    public void Rotates_AtMaxBytes_KeepingTheConfiguredBackups()
    {
        var path = Path.Combine(_dir, "web.log");
        using var file = new RotatingLogFile(path, maxBytes: 10, backups: 2);
        foreach (var chunk in new[] { "aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc", "dd" })
            file.Write(Encoding.ASCII.GetBytes(chunk));
        Assert.Equal("dd", Read("web.log"));
        Assert.Equal("cccccccccc", Read("web.log.1"));
        Assert.Equal("bbbbbbbbbb", Read("web.log.2"));
        Assert.False(File.Exists(path + ".3")); // the oldest fell off
    }

    [Fact]
    public void After_a_rotation_the_file_is_there_at_once_and_empty_as_supervisord_leaves_it()
    {
        // `tail -F web.log` or `ls` right after a rotation: supervisord reopens FILE at once.
        var path = Path.Combine(_dir, "web.log");
        using var file = new RotatingLogFile(path, maxBytes: 10, backups: 1);
        file.Write("aaaaaaaaaa"u8);
        Assert.Equal("aaaaaaaaaa", Read("web.log.1"));
        Assert.True(File.Exists(path), "web.log is missing until the next write");
        Assert.Equal(0, new FileInfo(path).Length);
        file.Write("b"u8);
        Assert.Equal("b", Read("web.log"));
    }

    [Fact]
    public void NoBackups_EmptiesTheFile_AndMaxBytesZeroNeverRotates()
    {
        var path = Path.Combine(_dir, "a.log");
        using (var file = new RotatingLogFile(path, maxBytes: 4, backups: 0))
        {
            file.Write("12345"u8);
            file.Write("67"u8);
        }
        Assert.Equal("67", Read("a.log"));
        Assert.False(File.Exists(path + ".1"));

        var big = Path.Combine(_dir, "b.log");
        using (var file = new RotatingLogFile(big, maxBytes: 0, backups: 3))
            for (var i = 0; i < 100; i++) file.Write("0123456789"u8);
        Assert.Equal(1000, new FileInfo(big).Length);
        Assert.False(File.Exists(big + ".1"));
    }

    [Fact]
    public void AppendsToAnExistingFile_CountingItsSize_AndClearRemovesBackups()
    {
        var path = Path.Combine(_dir, "c.log");
        File.WriteAllText(path, "12345678");
        using var file = new RotatingLogFile(path, maxBytes: 10, backups: 1);
        file.Write("90"u8);            // 10 bytes now: rotates
        file.Write("x"u8);
        Assert.Equal("1234567890", Read("c.log.1"));
        Assert.Equal("x", Read("c.log"));
        file.Clear();
        Assert.Equal("", Read("c.log"));
        Assert.False(File.Exists(path + ".1"));
        file.Write("y"u8);
        Assert.Equal("y", Read("c.log"));
    }

    [Fact]
    public void AFileThatCannotBeWritten_IsReportedOnce_AndLaterWritesRecover()
    {
        var blocker = Path.Combine(_dir, "not-a-dir");
        File.WriteAllText(blocker, "");
        var path = Path.Combine(blocker, "web.log"); // its directory is a file: every open fails
        var reports = new List<string>();
        using var file = new RotatingLogFile(path, maxBytes: 0, backups: 0);
        file.Report += reports.Add;
        file.Write("a"u8);
        file.Write("b"u8);
        Assert.Single(reports);
        Assert.Contains(path, reports[0]);
        Assert.Contains("dropped until the file can be written again", reports[0]);
        File.Delete(blocker);
        file.Write("c"u8);
        file.Write("d"u8);
        Assert.Equal("cd", File.ReadAllText(path));
        Assert.Equal(2, reports.Count); // the recovery, once, with what was lost
        Assert.Equal($"log file {path} is written again (2 bytes were dropped)", reports[1]);
    }

    [Fact]
    public void OnlyARegularFileIsRotated_NeverADeviceOrAFifoNamedAsTheLog()
    {
        // stdout_logfile=/dev/null with the default maxbytes once meant renaming /dev/null to
        // /dev/null.1 as root; a FIFO stands in for the device here.
        var path = Path.Combine(_dir, "fifo.log");
        Assert.Equal(0, mkfifo(path, 0b110_000_000));
        var reader = open(path, 0x800); // O_RDONLY | O_NONBLOCK: a reader, so the writer may open
        try
        {
            using var file = new RotatingLogFile(path, maxBytes: 4, backups: 1);
            file.Write("0123456789"u8);
            file.Write("0123456789"u8);
            Assert.False(File.Exists(path + ".1"));
            Assert.True(Tend.Posix.Files.Fifo.IsFifo(path)); // still the FIFO, under its own name
        }
        finally
        {
            Tend.Posix.Fd.Close(reader);
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int mkfifo(string path, int mode);

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int open(string path, int flags);
}
