using System.Text;
using Tend.Posix;
using Tend.Supervision.EventListeners;

namespace Tend.UnitTests.EventListeners;

/// <summary>
/// The listener's side of two real pipes, played by the test: it reads what Tend sent to the
/// listener's stdin and writes what the listener would say on its stdout.
/// </summary>
internal sealed class PipeListener : IDisposable
{
    // Set to -1 once closed: closed twice, a number may already be another test's file (tests run in parallel).
    private int _stdinRead, _stdoutWrite;

    public PipeListener(ListenerPool pool, string name)
    {
        var stdin = Fd.Pipe();
        var stdout = Fd.Pipe();
        _stdinRead = stdin.Read;
        _stdoutWrite = stdout.Write;
        Fd.SetNonBlocking(_stdinRead);
        Channel = pool.Attach(name, stdin.Write, stdout.Read);
    }

    public ListenerChannel Channel { get; }

    /// <summary>Writes as the listener, then lets the channel read it (what the loop does on EPOLLIN).</summary>
    public void Say(string text)
    {
        Assert.True(Fd.WriteAll(_stdoutWrite, Encoding.UTF8.GetBytes(text)));
        Channel.OnReadable();
    }

    /// <summary>Everything sent to the listener's stdin so far and not read yet.</summary>
    public string Received() => Encoding.UTF8.GetString(ReceivedBytes());

    public byte[] ReceivedBytes()
    {
        var all = new List<byte>();
        var buffer = new byte[65536];
        while (true)
        {
            var n = Fd.Read(_stdinRead, buffer, out _);
            if (n <= 0) break;
            all.AddRange(buffer.AsSpan(0, n).ToArray());
        }
        return all.ToArray();
    }

    /// <summary>The listener closes its stdin (it is exiting).</summary>
    public void CloseStdin() => Close(ref _stdinRead);

    /// <summary>The listener closes its stdout.</summary>
    public void CloseStdout() => Close(ref _stdoutWrite);

    public void Dispose()
    {
        Close(ref _stdinRead);
        Close(ref _stdoutWrite);
    }

    private static void Close(ref int fd)
    {
        Fd.Close(fd);
        fd = -1;
    }
}
