using Tend.Posix;
using Tend.Posix.Spawn;

namespace Tend.Supervision;

/// <summary>
/// The kernel as the supervisor's life cycle sees it: the clock, the spawn and the signals. The
/// real one is a thin pass-through to <see cref="Spawner"/>, <see cref="ProcessControl"/> and the
/// monotonic clock; the in-memory harness of the unit tests gives a fake clock and fake processes,
/// so the supervisor's real logic runs without a kernel (tests/Tend.UnitTests/Supervision/Harness).
/// </summary>
internal interface IProcessHost
{
    /// <summary>Monotonic milliseconds.</summary>
    long NowMs { get; }

    /// <summary>Wall-clock milliseconds since the epoch.</summary>
    long UnixMs { get; }

    SpawnResult Spawn(SpawnRequest request);

    bool Signal(int pid, int signal);

    bool SignalGroup(int pgid, int signal);

    bool SignalGroupOfReapedLeader(int pgid, int signal);

    bool GroupOfReapedLeaderExists(int pgid);

    /// <summary>The processes now running, to find what a program started outside its group; null: none to look at.</summary>
    ProcessTree.Snapshot? ScanProcesses();

    /// <summary>At the end of a shutdown: <paramref name="signal"/> to every process left (as PID 1, all of them; otherwise Tend's children).</summary>
    void SignalLeftovers(bool isPid1, int signal);

    /// <summary>Starts collecting exits (the one reaper); <paramref name="wake"/> wakes the loop when some are in.</summary>
    IReaper StartReaper(Action wake);
}

/// <summary>Where the loop takes reaped exits from (<see cref="ReaperThread"/>, or the harness's fake kernel).</summary>
internal interface IReaper
{
    /// <summary>Moves the exits collected so far into <paramref name="into"/>; false when no child is left at all.</summary>
    bool Drain(List<(int Pid, ExitStatus Status)> into);

    /// <summary>The loop has handled these exits.</summary>
    void Handled(List<(int Pid, ExitStatus Status)> exits);
}

/// <summary>The real kernel (one instance; no state).</summary>
internal sealed class SystemProcessHost : IProcessHost
{
    public static readonly SystemProcessHost Instance = new();

    public long NowMs => Clock.NowMs;
    public long UnixMs => Clock.UnixMs;
    public SpawnResult Spawn(SpawnRequest request) => Spawner.Spawn(request);
    public bool Signal(int pid, int signal) => ProcessControl.Signal(pid, signal);
    public bool SignalGroup(int pgid, int signal) => ProcessControl.SignalGroup(pgid, signal);
    public bool SignalGroupOfReapedLeader(int pgid, int signal) => ProcessControl.SignalGroupOfReapedLeader(pgid, signal);
    public bool GroupOfReapedLeaderExists(int pgid) => ProcessControl.GroupOfReapedLeaderExists(pgid);
    public ProcessTree.Snapshot? ScanProcesses() => ProcessTree.Scan();

    public void SignalLeftovers(bool isPid1, int signal)
    {
        if (isPid1)
        {
            ProcessControl.SignalAll(signal);
            ProcessControl.SignalAll(Model.Signals.SIGCONT);
            return;
        }
        foreach (var pid in ProcessControl.Children())
        {
            ProcessControl.Signal(pid, signal);
            ProcessControl.Signal(pid, Model.Signals.SIGCONT);
        }
    }

    public IReaper StartReaper(Action wake)
    {
        if (ProcessControl.CurrentPid != 1) ProcessControl.BecomeSubreaper(); // orphans come back to Tend
        return new Reaper(ReaperThread.Start(wake));
    }

    private sealed class Reaper(ReaperThread thread) : IReaper
    {
        public bool Drain(List<(int Pid, ExitStatus Status)> into) => thread.Drain(into);
        public void Handled(List<(int Pid, ExitStatus Status)> exits) => thread.Handled(exits);
    }
}
