using System.Text;
using Tend.Posix;

namespace Tend.UnitTests.Logging;

/// <summary>Reads what a log mux wrote to a non-blocking pipe standing for Tend's stdout.</summary>
internal static class PipeText
{
    /// <summary>Reads until <paramref name="wanted"/> has come (bounded by <paramref name="timeout"/>).</summary>
    public static Task<string> ReadUntil(int fd, string wanted, TimeSpan timeout) => Task.Run(() =>
    {
        var text = new StringBuilder();
        var buffer = new byte[65536];
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (!text.ToString().Contains(wanted, StringComparison.Ordinal))
        {
            if (Environment.TickCount64 > deadline) throw new TimeoutException($"\"{wanted}\" never came; got: {text}");
            var n = Fd.Read(fd, buffer, out var errno);
            if (n < 0 && errno == 11) { Thread.Sleep(2); continue; } // nothing yet (non-blocking)
            if (n <= 0) break;
            text.Append(Encoding.UTF8.GetString(buffer, 0, n));
        }
        return text.ToString();
    });
}
