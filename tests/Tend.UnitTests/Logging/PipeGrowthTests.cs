using System.Text;
using Tend.Logging;
using Tend.Posix;

namespace Tend.UnitTests.Logging;

/// <summary>
/// A program that writes a lot gets a 1 MiB pipe (issue 21: fewer sleeps and wake-ups per megabyte
/// for it and for the log thread), a quiet one keeps the kernel's default, and the growth stays
/// within a budget, given back when the pipe is closed.
/// </summary>
public class PipeGrowthTests
{
    private static readonly byte[] Lines = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(new string('x', 99) + "\n", 655)));

    [Fact]
    public void ABusyProgramsPipeGrows_AQuietOneKeepsTheDefault()
    {
        using var devNull = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Write);
        var fd = (int)devNull.DangerousGetHandle();
        using var mux = new LogMux(new LogOptions { StdoutFd = fd, StderrFd = fd, Color = false }, ["busy", "quiet"]);
        var (busyRead, busyWrite) = Fd.Pipe();
        var (quietRead, quietWrite) = Fd.Pipe();
        try
        {
            var initial = Fd.PipeSize(busyWrite);
            mux.Attach(busyRead, "busy", LogStream.Stdout, prefix: true);
            mux.Attach(quietRead, "quiet", LogStream.Stdout, prefix: true);
            Assert.True(Fd.WriteAll(quietWrite, "one line now and then\n"u8));
            // Writes of 64 KiB, as fast as the log thread takes them (blocking), until the pipe has grown.
            var deadline = Environment.TickCount64 + 10_000;
            while (Fd.PipeSize(busyWrite) == initial && Environment.TickCount64 < deadline)
                Assert.True(Fd.WriteAll(busyWrite, Lines));
            Assert.Equal(PipeGrowth.GrownBytes, Fd.PipeSize(busyWrite));
            Assert.Equal(initial, Fd.PipeSize(quietWrite));
        }
        finally
        {
            Fd.Close(busyWrite);
            Fd.Close(quietWrite);
            mux.Complete(TimeSpan.FromSeconds(5));
        }
    }

    [Fact]
    public void Growth_StaysWithinTheBudget_AndAClosedPipeGivesItsShareBack()
    {
        var growth = new PipeGrowth();
        var pipes = Enumerable.Range(0, 10).Select(_ => Fd.Pipe()).ToList();
        try
        {
            var sources = pipes.Select(p => Source(p.Read)).ToList();
            foreach (var s in sources)
            {
                PipeGrowth.Measure(s);
                growth.Grow(s);
            }
            var grown = pipes.Count(p => Fd.PipeSize(p.Write) == PipeGrowth.GrownBytes);
            Assert.Equal((int)(PipeGrowth.BudgetBytes / (PipeGrowth.GrownBytes - PipeGrowth.DefaultBytes)), grown);
            Assert.True(growth.Grown <= PipeGrowth.BudgetBytes);

            // A grown pipe is closed: its share goes to the next busy pipe.
            growth.Release(sources[0]);
            var (read, write) = Fd.Pipe();
            pipes.Add((read, write));
            var fresh = Source(read);
            PipeGrowth.Measure(fresh);
            growth.Grow(fresh);
            Assert.Equal(PipeGrowth.GrownBytes, Fd.PipeSize(write));
        }
        finally
        {
            foreach (var (read, write) in pipes)
            {
                Fd.Close(read);
                Fd.Close(write);
            }
        }
    }

    private static LogSource Source(int fd) =>
        new(fd, "p", LogStream.Stdout, [], OutputBuffer.Scratch(), new TextFormatter(), 16 * 1024, new StreamCounters());
}
