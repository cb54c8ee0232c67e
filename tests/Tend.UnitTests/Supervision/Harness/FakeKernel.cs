using Tend.Posix;
using Tend.Posix.Spawn;
using Tend.Supervision;

namespace Tend.UnitTests.Supervision.Harness;

/// <summary>
/// The kernel of the in-memory harness: a clock that moves only when the test says so, processes
/// that are entries in a table, signals that end them (unless they ignore the stop signal: SIGKILL
/// always does), and a reaper that hands their exits to the supervisor on its next wake, as the
/// real one does. Pids start above any Linux pid_max, so nothing real in /proc is ever one of them.
/// </summary>
internal sealed class FakeKernel : IProcessHost, IReaper
{
    public const int FirstPid = 10_000_000;

    private int _nextPid = FirstPid;
    private readonly List<(int Pid, ExitStatus Status)> _exited = [];

    /// <summary>One fake process: what was asked to run, and how it takes its stop signal.</summary>
    public sealed record Process(int Pid, SpawnRequest Request, bool IgnoresStopSignal, bool Unkillable)
    {
        public string Command => Request.Argv[0];
    }

    public long Now { get; set; }
    public long NowMs => Now;
    public long UnixMs => 1_800_000_000_000 + Now;

    /// <summary>Running processes, by pid.</summary>
    public Dictionary<int, Process> Live { get; } = [];

    /// <summary>Every process ever spawned, in order.</summary>
    public List<Process> Spawned { get; } = [];

    /// <summary>Exits handed to the supervisor so far.</summary>
    public int Reaped { get; private set; }

    /// <summary>Commands that do not exist: their spawn fails with ENOENT.</summary>
    public HashSet<string> Missing { get; } = [];

    /// <summary>New processes ignore their stop signal (SIGTERM): only SIGKILL ends them.</summary>
    public bool IgnoreStopSignals { get; set; }

    /// <summary>New processes survive even SIGKILL for now (uninterruptible sleep): only the test ends them.</summary>
    public bool Unkillable { get; set; }

    /// <summary>Process groups whose leader may be gone but that still have members (what a program left behind).</summary>
    public HashSet<int> GroupsWithMembers { get; } = [];

    /// <summary>Those members survive SIGKILL for now.</summary>
    public bool MembersSurviveKill { get; set; }

    /// <summary>Signals sent, in order.</summary>
    public List<(int Pid, int Signal)> Signals { get; } = [];

    public SpawnResult Spawn(SpawnRequest request)
    {
        if (Missing.Contains(request.Argv[0])) return new SpawnResult(0, 2, $"exec {request.Argv[0]}");
        var process = new Process(_nextPid++, request, IgnoreStopSignals || Unkillable, Unkillable);
        Live[process.Pid] = process;
        Spawned.Add(process);
        return new SpawnResult(process.Pid, 0, null);
    }

    public bool Signal(int pid, int signal)
    {
        if (!Live.TryGetValue(pid, out var process)) return false;
        Signals.Add((pid, signal));
        if (signal == Tend.Model.Signals.SIGCONT) return true;
        // SIGKILL ends anything; any other signal ends a process that does not ignore it.
        if ((signal == Tend.Model.Signals.SIGKILL && !process.Unkillable) || !process.IgnoresStopSignal) Exit(pid, ExitStatus.Killed(signal));
        return true;
    }

    /// <summary>A process group is its leader here: programs do not start children of their own.</summary>
    public bool SignalGroup(int pgid, int signal) => pgid > 1 && Signal(pgid, signal);

    public bool SignalGroupOfReapedLeader(int pgid, int signal)
    {
        if (!GroupsWithMembers.Contains(pgid)) return false;
        if (signal == Tend.Model.Signals.SIGKILL && !MembersSurviveKill) GroupsWithMembers.Remove(pgid);
        return true;
    }

    public bool GroupOfReapedLeaderExists(int pgid) => GroupsWithMembers.Contains(pgid);
    public ProcessTree.Snapshot? ScanProcesses() => null;

    public void SignalLeftovers(bool isPid1, int signal)
    {
        foreach (var pid in Live.Keys.ToList()) Signal(pid, signal);
    }
    public IReaper StartReaper(Action wake) => this;

    /// <summary>The process ends (by itself, or of a signal): reaped on the supervisor's next wake.</summary>
    public void Exit(int pid, ExitStatus status)
    {
        if (Live.Remove(pid)) _exited.Add((pid, status));
    }

    /// <summary>A process Tend did not start ends (re-parented to it, as PID 1 or subreaper).</summary>
    public void Orphan(int pid, ExitStatus status) => _exited.Add((pid, status));

    /// <summary>Exits not yet handed over.</summary>
    public int Dying => _exited.Count;

    public bool Drain(List<(int Pid, ExitStatus Status)> into)
    {
        into.AddRange(_exited);
        Reaped += _exited.Count;
        _exited.Clear();
        return Live.Count > 0;
    }

    public void Handled(List<(int Pid, ExitStatus Status)> exits) { }
}
