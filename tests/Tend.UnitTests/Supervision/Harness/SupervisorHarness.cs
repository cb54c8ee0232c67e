using Tend.Logging;
using Tend.Model;
using Tend.Posix;
using Tend.Supervision;

namespace Tend.UnitTests.Supervision.Harness;

/// <summary>
/// The real <see cref="Supervisor"/> run in memory: its own code for every event and decision,
/// wake by wake, over a <see cref="FakeKernel"/> (fake clock, fake processes), with the invariants
/// checked after every wake: at most one live process per program; the phase says whether one runs;
/// every exit is routed to its owner (none is taken for an orphan); every state change has a reason
/// and a line in the log; no internal error is logged. A broken one throws with the transcript.
/// </summary>
internal sealed class SupervisorHarness : IDisposable
{
    private readonly Microsoft.Win32.SafeHandles.SafeFileHandle _devNull = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.ReadWrite);
    private readonly LogMux _logs;
    private readonly List<(string Program, string Reason)> _unlogged = [];
    private IReadOnlyList<ProgramSpec>? _nextConfig;

    public SupervisorHarness(IEnumerable<ProgramSpec> programs, ConfigLayout layout = ConfigLayout.Yaml)
    {
        var specs = programs.ToList();
        var devNull = (int)_devNull.DangerousGetHandle();
        _logs = new LogMux(new LogOptions { StdoutFd = devNull, StderrFd = devNull, Color = false }, specs.Select(s => s.Name));
        Supervisor = new Supervisor(new TendConfig { Programs = specs, Layout = layout }, new SupervisorOptions
        {
            Logs = _logs,
            Processes = Kernel,
            Tap = OnLine,
            Reload = () => (_nextConfig, []),
        });
        Supervisor.Observe(OnChange);
        Supervisor.HarnessBegin();
        Check();
    }

    public FakeKernel Kernel { get; } = new();
    public Supervisor Supervisor { get; }
    public List<string> Transcript { get; } = [];
    public List<StateChange> Changes { get; } = [];
    public long Now => Kernel.Now;

    /// <summary>Orphans the test made (<see cref="FakeKernel.Orphan"/>); any other is an exit routed to no owner.</summary>
    public int ExpectedOrphans { get; set; }

    public ProgramRuntime this[string name] => Supervisor.Find(name) ?? throw Broken($"no program {name}");

    /// <summary>How many times the program's command was spawned.</summary>
    public int Starts(string name) => Kernel.Spawned.Count(s => s.Command == name);

    // ---- events ---------------------------------------------------------------------------------

    /// <summary>One wake of the loop, then the invariants.</summary>
    public void Wake()
    {
        Supervisor.HarnessWake();
        Check();
        // The reaper wakes the loop as soon as a process has ended (a signal it was sent, say).
        for (var i = 0; i < 100 && Kernel.Dying > 0; i++)
        {
            Supervisor.HarnessWake();
            Check();
        }
    }

    /// <summary>Moves the clock on by <paramref name="ms"/>, waking the loop at every deadline on the way, as its epoll wait would.</summary>
    public void Advance(long ms)
    {
        var until = Kernel.Now + ms;
        Wake();
        for (var i = 0; i < 100_000; i++)
        {
            var next = Supervisor.HarnessNextDeadline();
            if (next > until) break;
            Kernel.Now = Math.Max(Kernel.Now, next);
            Wake();
        }
        Kernel.Now = until;
        Wake();
    }

    /// <summary>The program's live process ends by itself.</summary>
    public void Exit(string name, ExitStatus status)
    {
        var pid = this[name].Pid;
        if (pid <= 0 || !Kernel.Live.ContainsKey(pid)) return;
        Note($"{name} (pid {pid}) exits with {ExitPlan.Describe(status)}");
        Kernel.Exit(pid, status);
        Wake();
    }

    /// <summary>The first live process running <paramref name="command"/> (a finish script, a down command) ends.</summary>
    public void ExitCommand(string command, ExitStatus status)
    {
        var process = Kernel.Live.Values.FirstOrDefault(p => p.Command == command) ?? throw Broken($"no live {command}");
        Note($"{command} (pid {process.Pid}) exits with {ExitPlan.Describe(status)}");
        Kernel.Exit(process.Pid, status);
        Wake();
    }

    public ControlOutcome Start(string name) => Control("start", name, Supervisor.StartProgram);
    public ControlOutcome Stop(string name) => Control("stop", name, Supervisor.StopProgram);
    public ControlOutcome Restart(string name) => Control("restart", name, Supervisor.RestartProgram);

    public void Ready(string name)
    {
        Note($"{name} ready");
        Supervisor.HarnessReady(this[name]);
        Wake();
    }

    public void LivenessFails(string name)
    {
        Note($"{name} fails its liveness probe");
        Supervisor.HarnessLivenessFails(this[name]);
        Wake();
    }

    /// <summary>SIGHUP or `tend ctl reload` with <paramref name="programs"/> as the new configuration.</summary>
    public ControlOutcome Reload(IEnumerable<ProgramSpec> programs)
    {
        _nextConfig = programs.ToList();
        Note("reload");
        var outcome = Supervisor.Reload();
        Wake();
        return outcome;
    }

    public void Shutdown()
    {
        Note("shutdown");
        Supervisor.BeginShutdown();
        Wake();
    }

    /// <summary>Advances until the loop has finished (the shutdown is over); its exit code, or null if it did not within <paramref name="limitMs"/>.</summary>
    public int? RunToEnd(long limitMs)
    {
        for (long waited = 0; waited <= limitMs && Supervisor.HarnessExitCode is null; waited += 10) Advance(10);
        return Supervisor.HarnessExitCode;
    }

    private ControlOutcome Control(string verb, string name, Func<ProgramRuntime, ControlOutcome> call)
    {
        var outcome = call(this[name]);
        Note($"ctl {verb} {name}: {outcome.Message}");
        Wake();
        return outcome;
    }

    // ---- what the supervisor says -----------------------------------------------------------------

    private void OnLine(string line)
    {
        Transcript.Add($"{Kernel.Now,7} ms  | {line}");
        if (line.StartsWith("internal error", StringComparison.Ordinal)) throw Broken($"internal error logged: {line}");
        _unlogged.RemoveAll(u => line.Contains(u.Program, StringComparison.Ordinal));
    }

    private void OnChange(StateChange change)
    {
        var p = change.Program;
        if (change.From == change.To) return; // something shown changed, not the state (a finish ended)
        Changes.Add(change);
        Transcript.Add($"{Kernel.Now,7} ms  {p.Name}: {change.From.ToString().ToUpperInvariant()} -> {change.To.ToString().ToUpperInvariant()} ({p.Phase}): {p.StateReason}");
        if (string.IsNullOrWhiteSpace(p.StateReason)) throw Broken($"{p.Name}: {change.From} -> {change.To} without a reason");
        // Logged before it is raised, or (a state passed through) by the transition that follows.
        if (!Transcript[^2].Contains(p.Name, StringComparison.Ordinal)) _unlogged.Add((p.Name, p.StateReason!));
    }

    private void Note(string what) => Transcript.Add($"{Kernel.Now,7} ms  {what}");

    // ---- invariants -------------------------------------------------------------------------------

    public void Check()
    {
        if (_unlogged.Count > 0) throw Broken($"state change without a logged line: {_unlogged[0].Program}: {_unlogged[0].Reason}");
        if (Supervisor.OrphansReaped > ExpectedOrphans) throw Broken($"{Supervisor.OrphansReaped} exit(s) routed to no owner");
        foreach (var p in Supervisor.Programs)
        {
            var live = Kernel.Live.Values.Count(x => x.Command == p.Spec.Command[0]);
            if (live > 1) throw Broken($"{p.Name}: {live} live processes");
            if (Phases.HasProcess(p.Phase) != (p.Pid > 0)) throw Broken($"{p.Name}: phase {p.Phase} with pid {p.Pid}");
            if (p.Pid > 0 && !Kernel.Live.ContainsKey(p.Pid) && Kernel.Dying == 0) throw Broken($"{p.Name}: pid {p.Pid} is not running and no exit is on its way");
            if (p.Pid == 0 && live > 0 && !Phases.IsStopping(p.Phase)) throw Broken($"{p.Name}: a process of it runs, but the supervisor has none ({p.Phase})");
            if (Phases.IsWaiting(p.Phase) && Phases.IsWaiting(p.WaitingIn)) throw Broken($"{p.Name}: waits in a waiting phase");
        }
    }

    public Exception Broken(string what) =>
        new InvalidOperationException($"invariant broken: {what}\n{string.Join('\n', Transcript.TakeLast(80))}");

    public void Dispose()
    {
        Supervisor.Dispose();
        _logs.Complete(TimeSpan.FromSeconds(1));
        _logs.Dispose();
        _devNull.Dispose();
    }
}
