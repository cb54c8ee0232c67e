using Tend.Model;
using Tend.Posix;

namespace Tend.Supervision;

/// <summary>One program's live state. Owned by the supervision loop thread; never locked.</summary>
public sealed partial class ProgramRuntime(ProgramSpec spec)
{
    /// <summary>The configuration it runs with; a reload swaps it while the program is down.</summary>
    public ProgramSpec Spec { get; internal set; } = spec;

    /// <summary>What a reload decided while the program was not down, applied at its exit (data, not a state).</summary>
    internal ReloadChange? PendingChange { get; set; }

    /// <summary>A reload changed the program: this spec takes over once the old process is down.</summary>
    public ProgramSpec? NextSpec => PendingChange?.Spec;

    public string Name => Spec.Name;

    /// <summary>
    /// Where it is in its life cycle: the one stored state, changed only by the supervisor's
    /// Transition (Lifecycle/Supervisor.Lifecycle.cs). Internal setter for tests that build a runtime.
    /// </summary>
    public Phase Phase { get; internal set; } = Phase.Stopped;

    /// <summary>While a start waits (<see cref="Phases.IsWaiting"/>): the phase it waits in (STOPPED, EXITED, FATAL, BACKOFF...), which it shows and returns to if the start is called off.</summary>
    public Phase WaitingIn { get; internal set; } = Phase.Stopped;

    /// <summary>supervisord's state, what tools see: read from <see cref="Phase"/>.</summary>
    public ProgramState State => LifecycleTable.StateOf(Phases.IsWaiting(Phase) ? WaitingIn : Phase);

    public Want Want { get; internal set; } = Want.Down;

    /// <summary>Why it is in its state: the reason of its last transition (null before the first).</summary>
    public string? StateReason { get; internal set; }
    public int Pid { get; internal set; }

    /// <summary>The pid of the latest process, kept after it exits (events report the pid that exited).</summary>
    public int LastPid { get; internal set; }

    /// <summary>Monotonic ms when the current process was started.</summary>
    public long StartedAtMs { get; internal set; }

    /// <summary>Wall-clock ms (Unix epoch) of the last start; 0 before the first (supervisord's "start").</summary>
    public long StartedAtUnixMs { get; internal set; }

    /// <summary>Wall-clock ms of the last exit; 0 before the first (supervisord's "stop").</summary>
    public long StoppedAtUnixMs { get; internal set; }

    /// <summary>Wall-clock ms of the last state change (runit's status timestamp).</summary>
    public long StateChangedAtUnixMs { get; internal set; }

    /// <summary>When the current state's timer fires (start_seconds, backoff, stop timeout); long.MaxValue: none.</summary>
    public long DeadlineMs { get; internal set; } = long.MaxValue;

    public int FailedStarts { get; internal set; }

    /// <summary>Crashes in a row of runs shorter than the pace threshold: the backoff of a crash loop (never FATAL).</summary>
    public int QuickCrashes { get; internal set; }
    /// <summary>Starts after the first, whatever caused them: a crash, a backoff retry, liveness, a reload, restart_with, a restart request.</summary>
    public int Restarts { get; internal set; }
    public ExitStatus? LastExit { get; internal set; }
    public string? LastError { get; internal set; }

    /// <summary>Its last run ended within start_seconds (it went BACKOFF, or FATAL): supervisord's "Exited too quickly".</summary>
    public bool ExitedTooQuickly { get; internal set; }

    /// <summary>Went FATAL, was killed at its stop timeout, or ended with an unexpected code.</summary>
    public bool Failed { get; internal set; }

    public bool IsDown => State is ProgramState.Stopped or ProgramState.Exited or ProgramState.Fatal;

    /// <summary>Asked to start, waiting for its dependencies (started by the loop once they are met).</summary>
    public bool WaitsForDependencies => Phase == Phase.WaitingForDependencies;

    /// <summary>What it waits for while <see cref="WaitsForDependencies"/>, for status ("db (ready)").</summary>
    public string? WaitingFor { get; internal set; }

    /// <summary>Has been spawned at least once since Tend started (the `started` condition).</summary>
    public bool EverStarted { get; internal set; }

    /// <summary>Bumped at every start, so probe results of an earlier run are recognised and dropped.</summary>
    public int Generation { get; internal set; }

    /// <summary>Liveness failures that led to a restart in a row (the backoff for those restarts).</summary>
    public int LivenessRestarts { get; internal set; }

    /// <summary>The wait before the start that follows the current stop (a liveness restart backs off); 0: at once. Data of the stop, reset at its exit.</summary>
    internal long RestartDelayMs { get; set; }

    /// <summary>Probe checks that failed since Tend started (for metrics).</summary>
    public long ProbeFailures { get; internal set; }

    /// <summary>Whether its last exit was the kernel's OOM killer's doing (Supervisor.Resources.cs).</summary>
    public bool LastExitOom { get; internal set; }

    /// <summary>Exits caused by the OOM killer so far.</summary>
    public long OomKills { get; internal set; }

    /// <summary>The memory cgroup its process ran in at its last start, whose OOM count tells an OOM kill apart; null: none readable.</summary>
    internal Tend.Posix.Cgroups.MemoryCgroup? MemoryCgroup { get; set; }

    /// <summary>Its own cgroup for tend.yaml's limits:, once made; null: it runs in Tend's.</summary>
    internal string? Cgroup { get; set; }

    /// <summary>Readiness probe verdict; null until it has one (and always null without a probe).</summary>
    public bool? ReadinessPassing { get; internal set; }

    /// <summary>Liveness probe verdict; null until it has one (and always null without a probe).</summary>
    public bool? LivenessPassing { get; internal set; }

    /// <summary>Startup probe verdict; null until it has one (and always null without a probe). Once passing, it is no longer run in this run.</summary>
    public bool? StartupPassing { get; internal set; }

    /// <summary>RUNNING and, when it has a startup or readiness probe, passing it (as in Kubernetes, not ready before the startup probe passed).</summary>
    public bool IsReady => State == ProgramState.Running && (Spec.Startup is null || StartupPassing == true)
                           && (Spec.Readiness is null || ReadinessPassing == true) && !AwaitsNotification;

    /// <summary>Ready and, when it has a liveness probe, passing it.</summary>
    public bool IsHealthy => IsReady && (Spec.Liveness is null || LivenessPassing != false);
}

/// <summary>A reload's decision about a program that was not down: its new settings, or (Spec null) its removal.</summary>
internal readonly record struct ReloadChange(ProgramSpec? Spec)
{
    public bool Removes => Spec is null;
}
