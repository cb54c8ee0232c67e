using Tend.Posix;
using Tend.Posix.Events;
using Tend.Posix.Signals;
using Tend.Posix.Spawn;

namespace Tend.Supervision;

/// <summary>
/// `tend -- CMD ARGS...`: tini's job. Run one child with Tend's own stdio, in its own process group
/// (the terminal's foreground group when there is one), forward every signal Tend receives to it
/// (or to its whole process group), reap every zombie, and exit with the child's code, or 128+N
/// when signal N killed it.
/// </summary>
public static class SingleChild
{
    public static int Run(IReadOnlyList<string> argv, bool signalGroup, IReadOnlyDictionary<string, string> environment)
    {
        using var signals = new SignalFd(SignalMask.HandledSet);
        using var epoll = new Epoll();
        epoll.Add(signals.Fd, 1);
        if (ProcessControl.CurrentPid != 1) ProcessControl.BecomeSubreaper();

        var result = Spawner.Spawn(new SpawnRequest
        {
            Argv = argv,
            Environment = environment.Select(kv => $"{kv.Key}={kv.Value}").ToList(),
            NullStdin = false,
            NewSession = false,
        });
        if (!result.Ok)
        {
            var message = $"tend: cannot start \"{argv[0]}\": {result.Error}\n";
            Fd.WriteAll(2, System.Text.Encoding.UTF8.GetBytes(message));
            return result.Errno == 2 ? 127 : 126;
        }
        var child = result.Pid;
        if (Fd.IsTerminal(0)) ProcessControl.SetForeground(0, child);

        var received = new List<(int, int)>();
        var reaped = new List<(int Pid, ExitStatus Status)>();
        Span<ulong> ready = stackalloc ulong[4];
        while (true)
        {
            epoll.Wait(ready, -1);
            received.Clear();
            signals.Drain(received);
            foreach (var (signal, _) in received)
            {
                if (signal == Model.Signals.SIGCHLD) continue;
                if (signalGroup) ProcessControl.SignalGroup(child, signal);
                else ProcessControl.Signal(child, signal);
            }
            reaped.Clear();
            ReaperThread.ReapExited(reaped); // the same thread spawned the child: no reaper thread needed
            foreach (var (pid, status) in reaped)
                if (pid == child) return status.ShellCode;
        }
    }
}
