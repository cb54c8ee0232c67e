using System.Collections.Concurrent;
using System.Diagnostics;

namespace Tend.IntegrationTests.Infrastructure;

/// <summary>
/// A `tend ctl logs -f ...` left running against a Tend, its lines collected as they arrive. Started
/// with SIGINT at its default: a test run started in the background by a shell inherits it ignored
/// (POSIX shells ignore INT and QUIT for asynchronous commands), and the runtime keeps an ignored
/// SIGINT ignored, as a program should; a user's Ctrl-C must reach it.
/// </summary>
public sealed class CtlFollower : IDisposable
{
    private readonly BlockingCollection<string> _lines = [];

    public CtlFollower(TendHost tend, params string[] args)
    {
        var psi = new ProcessStartInfo("env", ["--default-signal=INT", Paths.Tend, .. args])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        psi.Environment["TEND_SOCKET"] = tend.SocketPath;
        Process = Process.Start(psi)!;
        Process.OutputDataReceived += (_, e) => { if (e.Data is not null) _lines.Add(e.Data); };
        Process.BeginOutputReadLine();
    }

    public Process Process { get; }

    /// <summary>The next line it printed, waiting up to 20 s.</summary>
    public string Next() =>
        _lines.TryTake(out var line, TimeSpan.FromSeconds(20)) ? line : throw new TimeoutException("no line from tend ctl logs -f");

    public void Dispose()
    {
        if (!Process.HasExited) Process.Kill();
        Process.WaitForExit();
        Process.Dispose();
    }
}
