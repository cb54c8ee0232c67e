using System.Runtime.InteropServices;
using Tend.Logging;
using Tend.Posix;
using Tend.Posix.Files;

namespace Tend.UnitTests.Logging;

/// <summary>
/// The writer of Tend's stdout and stderr on a real pipe: what the reader can take is written at
/// once through a non-blocking twin (no hand-over to the thread), the rest follows in order, and the
/// shared descriptor's own flags are never touched.
/// </summary>
public sealed class DrainingWriterTests
{
    private const int O_NONBLOCK = 0x800, F_GETFL = 3;

    [Fact(Timeout = 15_000)]
    public async Task ABlockThePipeCanTake_IsWrittenAtOnce_AndTheCallerKeepsItsBlock()
    {
        var (read, write) = Fd.Pipe();
        using var writer = new DrainingWriter(write, 1 << 20, "test", 4096);
        byte[]? block = Pattern(4096);
        var handed = block;

        Assert.True(writer.TryHandOver(ref block, 1000));

        // The same array back: written directly (the thread would have kept it and given a pooled one or null).
        Assert.Same(handed, block);
        Assert.Equal(0, writer.Pending);
        Assert.Equal(Pattern(4096)[..1000], await ReadExactly(read, 1000));
        Fd.Close(read);
        Fd.Close(write);
    }

    [Fact(Timeout = 15_000)]
    public async Task MoreThanThePipeHolds_TheRestFollowsThroughTheThread_InOrder()
    {
        var (read, write) = Fd.Pipe(); // 64 KiB of room
        using var writer = new DrainingWriter(write, 1 << 20, "test", 4096);
        var data = Pattern(300_000);
        byte[]? block = (byte[])data.Clone();

        Assert.True(writer.TryHandOver(ref block, data.Length)); // returns at once: nobody reads yet
        Assert.True(writer.Pending > 0, "everything fitted in the pipe, so nothing tested the rest");

        Assert.Equal(data, await ReadExactly(read, data.Length));
        Fd.Close(read);
        Fd.Close(write);
    }

    [Fact(Timeout = 15_000)]
    public async Task ABlockLargerThanTheBound_PartlyWrittenAtOnce_StillArrivesWhole()
    {
        // A 1 MiB line in a block, log_buffer smaller than it: the pipe takes 64 KiB at once, and the
        // rest must follow (dropping it would leave half a line on the output).
        var (read, write) = Fd.Pipe();
        using var writer = new DrainingWriter(write, 256 * 1024, "test", 4096);
        var data = Pattern(1 << 20);
        byte[]? block = (byte[])data.Clone();

        Assert.True(writer.TryHandOver(ref block, data.Length));

        Assert.Equal(data, await ReadExactly(read, data.Length));
        Fd.Close(read);
        Fd.Close(write);
    }

    [Fact(Timeout = 20_000)]
    public async Task TheThread_ExistsOnlyWhileSomethingWaitsForTheReader()
    {
        const string name = "dw-on-demand";
        var (read, write) = Fd.Pipe();
        using var writer = new DrainingWriter(write, 1 << 20, name, 4096);
        byte[]? small = Pattern(4096);
        Assert.True(writer.TryHandOver(ref small, 1000)); // the pipe takes it: written at once
        Assert.Equal(0, ThreadsNamed(name));

        var data = Pattern(300_000); // more than the pipe holds: the rest is queued for the thread
        byte[]? block = (byte[])data.Clone();
        Assert.True(writer.TryHandOver(ref block, data.Length));
        await WaitUntil(() => ThreadsNamed(name) == 1, "the writer thread never started");

        Assert.Equal(Pattern(4096)[..1000], await ReadExactly(read, 1000));
        Assert.Equal(data, await ReadExactly(read, data.Length));
        await WaitUntil(() => ThreadsNamed(name) == 0, "the writer thread stayed after the queue emptied");
        Fd.Close(read);
        Fd.Close(write);
    }

    private static int ThreadsNamed(string name) =>
        Directory.GetDirectories("/proc/self/task").Count(t =>
        {
            try { return File.ReadAllText(Path.Combine(t, "comm")).Trim() == name; }
            catch (IOException) { return false; } // the thread ended meanwhile
        });

    private static async Task WaitUntil(Func<bool> condition, string failure)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(20);
        }
    }

    [Fact]
    public void TheTwin_IsNonBlocking_AndTheSharedDescriptorStaysBlocking()
    {
        var (read, write) = Fd.Pipe();
        var twin = OutputDescriptor.OpenNonBlockingTwin(write);
        try
        {
            Assert.True(twin >= 0);
            Assert.NotEqual(0, fcntl(twin, F_GETFL, 0) & O_NONBLOCK);
            Assert.Equal(0, fcntl(write, F_GETFL, 0) & O_NONBLOCK);
            Assert.Equal(OutputDescriptor.Identity(write), OutputDescriptor.Identity(twin));
        }
        finally
        {
            Fd.Close(twin);
            Fd.Close(read);
            Fd.Close(write);
        }
    }

    [Fact]
    public void ARegularFile_HasNoTwin_AndTwoPipesAreTwoFiles()
    {
        var path = Path.GetTempFileName();
        try
        {
            using var file = File.OpenHandle(path, FileMode.Truncate, FileAccess.Write);
            Assert.Equal(-1, OutputDescriptor.OpenNonBlockingTwin((int)file.DangerousGetHandle()));
        }
        finally
        {
            File.Delete(path);
        }
        var (r1, w1) = Fd.Pipe();
        var (r2, w2) = Fd.Pipe();
        Assert.NotEqual(OutputDescriptor.Identity(w1), OutputDescriptor.Identity(w2));
        Assert.Equal(OutputDescriptor.Identity(w1), OutputDescriptor.Identity(r1)); // both ends: one pipe
        foreach (var fd in new[] { r1, w1, r2, w2 }) Fd.Close(fd);
    }

    private static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++) bytes[i] = (byte)(i * 7 + i / 251);
        return bytes;
    }

    private static Task<byte[]> ReadExactly(int fd, int length) => Task.Run(() =>
    {
        var result = new byte[length];
        var done = 0;
        while (done < length)
        {
            var n = Fd.Read(fd, result.AsSpan(done), out var errno);
            if (n <= 0) throw new IOException($"read: {n}, errno {errno}");
            done += n;
        }
        return result;
    });

    [DllImport("libc", SetLastError = true)]
    private static extern int fcntl(int fd, int cmd, int arg);
}
