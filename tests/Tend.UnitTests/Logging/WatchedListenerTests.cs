using System.Text;
using Tend.Http;
using Tend.Logging;
using Tend.Posix;
using Tend.UnitTests.Control;

namespace Tend.UnitTests.Logging;

/// <summary>
/// The control socket is waited on by the log thread. A Tend whose only program exits at once
/// (`tend -- sh -c 'echo main done; exit 7'`) closes that socket before a busy log thread has
/// even begun to watch it: the container lost "main done" and printed "internal error in log
/// forwarding: epoll_ctl(ADD): bad file descriptor" (a CI run of the musl image).
/// </summary>
public class WatchedListenerTests
{
    [Fact(Timeout = 30_000)]
    public async Task A_control_socket_closed_before_the_log_thread_watched_it_costs_no_program_a_line()
    {
        using var dir = new TempDir();
        var (outRead, outWrite) = Fd.Pipe();
        var (errRead, errWrite) = Fd.Pipe();
        Fd.SetNonBlocking(outRead);
        Fd.SetNonBlocking(errRead);
        var (programRead, programWrite) = Fd.Pipe(); // opened first: the socket's number is not reused
        using var mux = new LogMux(new LogOptions { StdoutFd = outWrite, StderrFd = errWrite, Color = false }, ["sh"]);
        try
        {
            // The hold is the busy log thread: nothing posted below is run until it ends.
            using (mux.HoldWakeups())
            {
                var server = HttpServer.ListenUnix(dir.File(), Handlers.Echo, watcher: mux);
                mux.Attach(programRead, "sh", LogStream.Stdout, prefix: true);
                server.Dispose();
                Fd.WriteAll(programWrite, "main done\n"u8);
                Fd.Close(programWrite);
            }
            var output = await PipeText.ReadUntil(outRead, "main done", TimeSpan.FromSeconds(10));
            Assert.Matches(@"(?m)^sh\s+\| main done$", output);
        }
        finally
        {
            mux.Complete(TimeSpan.FromSeconds(5));
            var errors = Drain(errRead);
            Assert.DoesNotContain("internal error", errors);
            foreach (var fd in new[] { outRead, outWrite, errRead, errWrite }) Fd.Close(fd);
        }
    }

    private static string Drain(int fd)
    {
        var buffer = new byte[65536];
        var n = Fd.Read(fd, buffer, out _);
        return n > 0 ? Encoding.UTF8.GetString(buffer, 0, n) : "";
    }
}
