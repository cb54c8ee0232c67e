using Tend.Logging;
using Tend.Posix;
using Tend.Posix.Spawn;

namespace Tend.Supervision;

/// <summary>Starting programs, handling their exits and their timers.</summary>
public sealed partial class Supervisor
{
    /// <summary>
    /// Spawns the program. A command that cannot be executed goes FATAL at once: a missing binary
    /// will not appear by retrying. (Spreading the spawns of a start over two threads was tried and
    /// measured: no gain on 2 cores, where the children's own start-up is the bottleneck.)
    /// </summary>
    private void Start(ProgramRuntime p)
    {
        if (p.FinishPid > 0)
        {
            p.StartAfterFinish = true; // runit and s6: the next run waits for ./finish
            return;
        }
        if (DeferStartForHook(p)) return; // runit's control/u runs before every start of ./run
        ChildOutput? output = null;
        var notifyWrite = -1;
        SpawnResult result;
        try
        {
            output = OpenOutput(p);
            notifyWrite = OpenNotificationPipe(p);
            var request = BuildRequest(p, output.OutWrite, output.StderrForChild, out var credentialError) with
            {
                StdinFd = output.StdinForChild >= 0 ? output.StdinForChild : StdinOf(p),
                ExtraFds = notifyWrite >= 0 ? [(notifyWrite, p.Spec.NotificationFd!.Value)] : [],
            };
            if (NotifySocketOf(p) is { } socketPath)
                request = request with { Environment = [.. request.Environment.Where(e => !e.StartsWith("NOTIFY_SOCKET=", StringComparison.Ordinal)), "NOTIFY_SOCKET=" + socketPath] };
            result = credentialError is null ? Spawner.Spawn(request) : new SpawnResult(0, 22, credentialError);
        }
        catch (PosixException e)
        {
            // Out of descriptors or memory: a temporary failure, retried like a failed start.
            output?.CloseReadEnds();
            CloseNotificationPipe(p);
            Log($"cannot start \"{p.Name}\": {Model.ErrorText.Of(e)}", level: Chat.Error);
            FailedStart(p, ExitStatus.Exited(111));
            return;
        }
        finally
        {
            output?.CloseWriteEnds();
            Fd.Close(notifyWrite);
        }

        var now = Clock.NowMs;
        p.ExitedTooQuickly = false;
        if (!result.Ok)
        {
            // A failed exec helper (user switch) still exits: it is reaped as an orphan.
            output!.CloseReadEnds();
            CloseNotificationPipe(p);
            p.LastError = result.Error;
            Log($"cannot start \"{p.Name}\": {result.Error}", level: Chat.Error);
            p.LastExit = ExitStatus.Exited(result.Errno == 2 ? 127 : 126);
            GoFatal(p, $"cannot start: {result.Error}");
            return;
        }

        LogEnvironmentOf(p);
        Log($"{p.Name} started pid {result.Pid}"); // before its pipes are attached, so it precedes its output
        if (p.EverStarted) p.Restarts++; // every start after the first, whatever asked for it
        p.EverStarted = true;
        p.Strays.Clear();
        p.ReadinessPassing = null;
        p.LivenessPassing = null;
        p.NotifiedReady = false;
        AttachOutput(output!, p);
        _byPid[result.Pid] = p;
        p.Pid = result.Pid;
        p.LastPid = result.Pid;
        p.StartedAtMs = now;
        p.StartedAtUnixMs = Clock.UnixMs;
        p.Killed = false;
        p.AwaitingEndOfInput = false;
        p.LastError = null;
        // Through STARTING even with start_seconds 0, as supervisord reports it to event listeners.
        SetState(p, ProgramState.Starting, p.EverStarted && p.Restarts > 0 ? "restarted" : "started");
        ArmStartTimeout(p, now);
        if (p.Spec.StartSeconds <= TimeSpan.Zero) EnterRunning(p, now, "started (start_seconds 0)");
        else p.DeadlineMs = now + (long)p.Spec.StartSeconds.TotalMilliseconds;
        WatchProbes(p, now);
    }

    private SpawnRequest BuildRequest(ProgramRuntime p, int stdout, int stderr, out string? credentialError)
    {
        credentialError = null;
        Credentials? credentials = null;
        if (p.Spec.User is { } user)
        {
            if (ProcessControl.IsRoot) credentials = UserLookup.Resolve(user, p.Spec.Group, out credentialError);
            else if (!_warnedNotRoot.Contains(p.Name))
            {
                _warnedNotRoot.Add(p.Name);
                Log($"{p.Name}: user \"{user}\" ignored: tend is not running as root", level: Chat.Warning);
            }
        }
        return new SpawnRequest
        {
            Argv = p.Spec.Command,
            Environment = EnvironmentOf(p),
            WorkingDir = p.Spec.WorkingDir,
            Umask = p.Spec.Umask,
            Credentials = credentials,
            StdoutFd = stdout,
            StderrFd = stderr,
        };
    }

    private readonly HashSet<string> _warnedNotRoot = [];
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<Model.ProgramSpec, IReadOnlyList<string>> _environments = new();

    /// <summary>
    /// Tend's environment (none with <see cref="Model.ProgramSpec.CleanEnvironment"/>) with the
    /// program's own on top, built once per spec. Keyed by the spec itself, not the program's name:
    /// an exec probe or a finish script of the old process, run while a reload stops it, must not
    /// leave the old values for the new process.
    /// </summary>
    private IReadOnlyList<string> EnvironmentOf(ProgramRuntime p)
    {
        if (_environments.TryGetValue(p.Spec, out var cached)) return cached;
        var env = p.Spec.CleanEnvironment ? new Dictionary<string, string>() : new Dictionary<string, string>(_options.Environment);
        foreach (var (k, v) in p.Spec.Environment) env[k] = v;
        var list = env.Select(kv => $"{kv.Key}={kv.Value}").ToList();
        _environments.AddOrUpdate(p.Spec, list);
        return list;
    }

    private void EnterRunning(ProgramRuntime p, long now, string reason)
    {
        SetState(p, ProgramState.Running, reason);
        p.DeadlineMs = long.MaxValue;
        if (p.Spec.Backoff.Reset is { } reset && reset > p.Spec.StartSeconds)
            p.DeadlineMs = p.StartedAtMs + (long)reset.TotalMilliseconds; // forget failures later
        else p.FailedStarts = 0;
    }

    private void OnExit(ProgramRuntime p, ExitStatus status)
    {
        var phase = Phases.Of(p);
        if (LifecycleTable.OnExited(phase) != Reaction.DecideAfterExit)
        {
            LifecycleBug(p, phase, LifecycleEvent.Exited);
            return;
        }
        if (HoldExitForLeftovers(p, status)) return; // a stop is over once its group and strays are gone
        var stateAtExit = p.State;
        BeginFinish(p, status); // first: s6 gives it the pid, and the next start must wait for it
        CloseNotificationPipe(p);
        UnwatchProbes(p);
        DetachListener(p);
        p.LastExit = status;
        p.Pid = 0;
        p.StoppedAtUnixMs = Clock.UnixMs;
        p.DeadlineMs = long.MaxValue;
        var uptime = Clock.NowMs - p.StartedAtMs;
        if (OnOneshotExit(p, status)) return;
        if (p.Spec.Kind == Model.ProgramKind.Longrun) p.StartTimeoutAtMs = long.MaxValue;

        if (p.Spec.Main && !_shuttingDown)
        {
            var ended = $"exited with {Describe(status)}: main program ended, shutting down";
            Log($"{p.Name} {ended}", after: p.Name);
            SetState(p, ProgramState.Exited, ended);
            _mainExitCode = status.ShellCode;
            RecordCmdExitCode(status.ShellCode);
            BeginShutdown();
            return;
        }
        if (p.Spec.Main)
        {
            _mainExitCode = status.ShellCode;
            RecordCmdExitCode(status.ShellCode);
        }

        var plan = ExitPlan.Of(p.Spec, stateAtExit, p.Want, status, uptime, p.FailedStarts, p.QuickCrashes, _quickExitRule);
        p.QuickCrashes = plan.QuickCrashes;
        switch (plan.Decision)
        {
            case AfterExit.Stopped:
                SetState(p, ProgramState.Stopped, $"{plan.Reason}; {p.StateReason}");
                if (p.Killed) Log($"{p.Name} stopped ({Describe(status)})", after: p.Name);
                else if (!RestartDecision.IsCleanStop(p.Spec.ExitCodes, p.Spec.StopSignal, status))
                {
                    p.Failed = true;
                    Log($"{p.Name} stopped with {Describe(status)}", after: p.Name, level: Chat.Warning);
                }
                else Log($"{p.Name} stopped", after: p.Name);
                if (p.Want == Want.Up && !_shuttingDown && p.StoppedByLiveness)
                {
                    // A liveness restart backs off like a failed start, so a sick program cannot spin.
                    var wait = Backoff.Delay(p.Spec.Backoff, p.LivenessRestarts);
                    var why = $"restarting in {FormatMs((long)wait.TotalMilliseconds)} after failing its liveness probe";
                    SetState(p, ProgramState.Backoff, why);
                    p.DeadlineMs = Clock.NowMs + (long)wait.TotalMilliseconds;
                    Log($"{p.Name} {why}");
                }
                else if (p.Want == Want.Up && !_shuttingDown) p.PendingStart = true; // a restart request
                p.StoppedByLiveness = false;
                ApplyReloadOnExit(p);
                break;
            case AfterExit.RestartNow:
                SetState(p, ProgramState.Exited, plan.Reason); // as supervisord: RUNNING → EXITED → STARTING
                Log($"{p.Name} {plan.Reason}", after: p.Name);
                Start(p);
                RestartDependentsOf(p);
                break;
            case AfterExit.RestartPaced:
                SetState(p, ProgramState.Exited, plan.Reason);
                SetState(p, ProgramState.Backoff, plan.Reason);
                p.DeadlineMs = Clock.NowMs + plan.DelayMs;
                Log($"{p.Name} {plan.Reason}", after: p.Name);
                RestartDependentsOf(p);
                break;
            case AfterExit.Backoff:
                p.FailedStarts = plan.FailedStarts;
                p.ExitedTooQuickly = true;
                SetState(p, ProgramState.Backoff, plan.Reason);
                p.DeadlineMs = Clock.NowMs + plan.DelayMs;
                Log($"{p.Name} {plan.Reason}", after: p.Name);
                break;
            case AfterExit.Fatal:
                p.FailedStarts = plan.FailedStarts;
                p.ExitedTooQuickly = true;
                Log($"{p.Name} {plan.Reason}", after: p.Name, level: Chat.Error);
                SetState(p, ProgramState.Backoff, plan.Reason); // supervisord gives up from BACKOFF; listeners see both
                GoFatal(p, plan.Reason);
                break;
            case AfterExit.Exited:
                SetState(p, ProgramState.Exited, plan.Reason);
                var expected = RestartDecision.IsExpected(p.Spec.ExitCodes, status);
                if (!expected) p.Failed = true;
                Log($"{p.Name} {plan.Reason}", after: p.Name);
                if (!expected && p.Spec.Critical && !_shuttingDown)
                {
                    // It can never come back: as a critical program going FATAL, it ends the container.
                    _criticalExitCode = status.ShellCode;
                    Log($"{p.Name} is critical and will not be restarted: shutting down", level: Chat.Error);
                    BeginShutdown();
                }
                break;
            default:
                Log($"internal error: {p.Name}: unknown exit decision {plan.Decision}", level: Chat.Error);
                break;
        }
    }

    /// <summary>A start that failed for a temporary reason: back off, or give up after start_retries.</summary>
    private void FailedStart(ProgramRuntime p, ExitStatus status)
    {
        p.LastExit = status;
        if (++p.FailedStarts > p.Spec.StartRetries)
        {
            var gaveUp = $"{p.FailedStarts} failed starts in a row: giving up (FATAL)";
            Log($"{p.Name}: {gaveUp}", level: Chat.Error);
            GoFatal(p, gaveUp);
            return;
        }
        var delay = Backoff.Delay(p.Spec.Backoff, p.FailedStarts);
        var retrying = $"retrying in {FormatMs((long)delay.TotalMilliseconds)} (attempt {p.FailedStarts} of {p.Spec.StartRetries + 1})";
        SetState(p, ProgramState.Backoff, retrying);
        p.DeadlineMs = Clock.NowMs + (long)delay.TotalMilliseconds;
        Log($"{p.Name}: {retrying}");
    }

    private void GoFatal(ProgramRuntime p, string reason)
    {
        SetState(p, ProgramState.Fatal, reason);
        p.DeadlineMs = long.MaxValue;
        p.Failed = true;
        foreach (var q in _programs)
            if (q.Spec.OnDependencyFailure == Model.OnDependencyFailure.Stop && q.Spec.DependsOn.Any(d => d.Program == p.Name) && !q.IsDown)
            {
                Log($"{q.Name} stopping: its dependency {p.Name} is FATAL", level: Chat.Warning);
                Stop(q, $"its dependency {p.Name} is FATAL");
            }
        if (p.Spec.Critical && !_shuttingDown)
        {
            _criticalExitCode = p.LastExit?.ShellCode ?? 1;
            Log($"{p.Name} is critical and FATAL: shutting down", level: Chat.Error);
            BeginShutdown();
        }
        else if (p.Spec.Main && !_shuttingDown)
        {
            _mainExitCode = p.LastExit?.ShellCode ?? 1;
            Log($"{p.Name} is the main program and FATAL: shutting down", level: Chat.Error);
            BeginShutdown();
        }
    }

    private void FireDueTimers(long now)
    {
        KillTimedOutExecProbes(now);
        KillTimedOutSideJobs(now);
        FireJobTimers(now);
        FireStartTimeouts(now);
        FireStage2Deadline(now);
        foreach (var p in _programs)
        {
            if (p.DeadlineMs > now) continue;
            p.DeadlineMs = long.MaxValue;
            var phase = Phases.Of(p);
            switch (LifecycleTable.OnTimer(phase))
            {
                case Reaction.EnterRunning:
                    EnterRunning(p, now, $"up for {FormatMs((long)p.Spec.StartSeconds.TotalMilliseconds)} (start_seconds)");
                    break;
                case Reaction.ForgetFailures:
                    p.FailedStarts = 0; // stayed up for backoff.reset
                    break;
                case Reaction.StartAgain:
                    if (p.Want == Want.Up) Start(p);
                    break;
                case Reaction.PollLeftovers:
                    AdvanceHeldStop(p, now);
                    break;
                case Reaction.SendStopSignal:
                    // A logger still running after its input ended: now the stop signal (see EndInputOf).
                    p.AwaitingEndOfInput = false;
                    if (p.Pid > 0) SendStopSignal(p);
                    break;
                case Reaction.Kill:
                    if (p.Pid > 0)
                    {
                        p.Killed = true;
                        p.Failed = true;
                        FindStrays(p);
                        if (p.Spec.KillAsGroup) ProcessControl.SignalGroup(p.Pid, Model.Signals.SIGKILL);
                        ProcessControl.Signal(p.Pid, Model.Signals.SIGKILL);
                        SignalStrays(p, Model.Signals.SIGKILL);
                        Log($"{p.Name} killed after {FormatMs((long)p.Spec.StopTimeout.TotalMilliseconds)} (did not stop on {Model.Signals.Name(p.Spec.StopSignal)})", level: Chat.Warning);
                    }
                    break;
                case Reaction.Ignore:
                    break;
                default:
                    LifecycleBug(p, phase, LifecycleEvent.Timer);
                    break;
            }
        }
    }

    /// <summary>Asks a program to stop: its stop signal to its process group, SIGKILL after stop_timeout.</summary>
    private void Stop(ProgramRuntime p, string reason)
    {
        p.Want = Want.Down;
        var phase = Phases.Of(p);
        switch (LifecycleTable.OnStopRequested(phase))
        {
            case Reaction.BeginStop when p.Pid <= 0:
                // Exited, and its exit is being handled (e.g. a oneshot whose failure stops the
                // container): nothing to signal. kill(0) would signal Tend's own process group.
                break;
            case Reaction.BeginStop:
                SetState(p, ProgramState.Stopping, reason);
                SendStopSignal(p);
                break;
            case Reaction.StopAtOnce:
                SetState(p, ProgramState.Stopped, reason);
                p.DeadlineMs = long.MaxValue;
                break;
            case Reaction.CancelStart:
                p.PendingStart = false;
                p.StartAfterFinish = false;
                if (p.State == ProgramState.Backoff) SetState(p, ProgramState.Stopped, reason);
                p.DeadlineMs = long.MaxValue;
                break;
            case Reaction.Ignore:
                break; // already stopping or down
            default:
                LifecycleBug(p, phase, LifecycleEvent.StopRequested);
                break;
        }
    }

    /// <summary>A phase × event pair the table says cannot happen: a bug, logged; PID 1 goes on.</summary>
    private void LifecycleBug(ProgramRuntime p, Phase phase, LifecycleEvent ev) =>
        Log($"internal error: {p.Name}: {ev} in phase {phase} ({StateName(p)}) cannot happen; ignored", level: Chat.Error);

    /// <summary>The stop signal, and SIGKILL due after stop_timeout.</summary>
    private void SendStopSignal(ProgramRuntime p)
    {
        p.DeadlineMs = Clock.NowMs + (long)p.Spec.StopTimeout.TotalMilliseconds;
        // supervisord's stopasgroup=false signals the program alone; Tend's default is the group.
        var send = p.Spec.StopAsGroup ? (Func<int, int, bool>)ProcessControl.SignalGroup : ProcessControl.Signal;
        FindStrays(p); // before the program can die and leave them to Tend
        send(p.Pid, p.Spec.StopSignal);
        send(p.Pid, Model.Signals.SIGCONT); // a stopped process must see it
        SignalStrays(p, p.Spec.StopSignal);   // and what it started outside its group
    }

    private static string Describe(ExitStatus s) => ExitPlan.Describe(s);

    private static string FormatMs(long ms) => ExitPlan.Format(ms);
}
