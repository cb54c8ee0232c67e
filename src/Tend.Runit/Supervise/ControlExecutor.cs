using Tend.Runit.Control;
using Tend.Supervision;
using RunitWant = Tend.Runit.Status.Want;
using TendWant = Tend.Supervision.Want;

namespace Tend.Runit.Supervise;

/// <summary>
/// Carries out runsv's steps for one control byte (<see cref="ControlDecision"/>) with Tend's
/// supervisor: the record changes here, on the runit thread; anything touching a program runs on
/// the loop thread through <see cref="Supervisor.Call{T}"/>, so the loop stays the only owner of
/// program state. Steps run in order, so the new want is published before any signal, as runsv does.
/// </summary>
internal sealed class ControlExecutor(Supervisor supervisor, Action<string> report, Func<bool> loopEnding)
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);
    // runsv waits for a control script without limit; Tend bounds it, so one stuck script cannot wedge sv.
    private static readonly TimeSpan HookTimeout = TimeSpan.FromSeconds(30);

    public void Execute(SuperviseEndpoint endpoint, ControlCommand command)
    {
        var status = endpoint.Status;
        var steps = ControlDecision.Decide(new ControlContext(status.State, status.Want, status.Pid, endpoint.IsLog), command);
        foreach (var step in steps)
        {
            switch (step)
            {
                case ControlEffect.SetWant set:
                    endpoint.Status = endpoint.Status with { Want = set.Want };
                    OnProgram(endpoint, p => ApplyWant(p, set.Want));
                    break;
                case ControlEffect.SetPaused paused:
                    endpoint.Status = endpoint.Status with { Paused = paused.Paused };
                    break;
                case ControlEffect.Publish:
                    endpoint.Publish(report);
                    break;
                case ControlEffect.Signal signal:
                    // A control/<c> script that exits 0 replaces the signal, as runsv does.
                    if (signal.Hook is { } h && RunHook(endpoint, h) == true) break;
                    OnProgram(endpoint, p => supervisor.SignalProgram(p, signal.Number));
                    break;
                case ControlEffect.Terminate terminate:
                    if (terminate.Hook is { } th && RunHook(endpoint, th) == true)
                    {
                        endpoint.Status = endpoint.Status with { TermSent = true };
                        endpoint.Publish(report);
                        break;
                    }
                    // Want down or exit: Tend's own stop (TERM and CONT, KILL after the stop timeout
                    // runsv does not have), so the loop does not restart it. Want up: TERM alone,
                    // and the loop restarts it as runsv would.
                    OnProgram(endpoint, p => p.Want == TendWant.Down
                        ? supervisor.StopProgram(p)
                        : supervisor.SignalProgram(p, Model.Signals.SIGTERM));
                    endpoint.Status = endpoint.Status with { TermSent = true };
                    endpoint.Publish(report);
                    break;
                case ControlEffect.Start start:
                    // start.Hook (control/u) is not run here: runsv runs it before every start of
                    // ./run, restarts included, so the supervisor runs it (Tend.Supervision's RunitStartHook).
                    var want = endpoint.Status.Want;
                    OnProgram(endpoint, p =>
                    {
                        var outcome = supervisor.StartProgram(p);
                        // sv once: started, but not to be restarted.
                        if (want != RunitWant.Up) supervisor.SetWant(p, TendWant.Down);
                        return outcome;
                    });
                    break;
                case ControlEffect.RunHook hook:
                    RunHook(endpoint, hook.Hook);
                    break;
            }
        }
    }

    /// <summary>
    /// Runs SERVICE/control/&lt;c&gt; without arguments and waits for it, as runsv does (runit
    /// 2.1.2's runsv passes none; checked against Debian's). Null when there is no such executable
    /// (or it could not run); otherwise whether it exited 0.
    /// </summary>
    private bool? RunHook(SuperviseEndpoint endpoint, char c)
    {
        var dir = endpoint.Directory.ServiceDirectory;
        var path = Path.Combine(dir, "control", c.ToString());
        if (OperatingSystem.IsWindows() || !File.Exists(path) || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) == 0)
            return null;
        if (loopEnding()) return null;
        var done = new ManualResetEventSlim();
        Posix.ExitStatus? result = null;
        supervisor.Post(() => supervisor.RunHook($"{path}", [path], dir, HookTimeout, status =>
        {
            result = status;
            done.Set();
        }));
        if (!done.Wait(HookTimeout + TimeSpan.FromSeconds(5)))
        {
            report($"{path} did not finish in time");
            return null;
        }
        return result is { Signaled: false, Code: 0 };
    }

    /// <summary>Stops the log program of a service that is exiting (runsv closes its pipe instead; see README).</summary>
    public void StopLog(SuperviseEndpoint log)
    {
        log.Status = log.Status with { Want = RunitWant.Exit };
        log.Publish(report);
        OnProgram(log, p =>
        {
            supervisor.SetWant(p, TendWant.Down);
            return p.IsDown && p.State != ProgramState.Backoff ? ControlOutcome.Done("") : supervisor.StopProgram(p);
        });
    }

    /// <summary>Runs on the loop thread: Tend's want follows runit's.</summary>
    private ControlOutcome ApplyWant(ProgramRuntime p, RunitWant want)
    {
        if (want == RunitWant.Up)
        {
            supervisor.SetWant(p, TendWant.Up);
            return ControlOutcome.Done("");
        }
        // A program waiting to restart (backoff, or for its dependencies) must not start later.
        if (p.State == ProgramState.Backoff || Phases.IsWaiting(p.Phase)) return supervisor.StopProgram(p);
        supervisor.SetWant(p, TendWant.Down);
        return ControlOutcome.Done("");
    }

    private void OnProgram(SuperviseEndpoint endpoint, Func<ProgramRuntime, ControlOutcome> work)
    {
        if (loopEnding()) return; // the loop may no longer answer: do not hold Tend's exit up
        try
        {
            supervisor.Call(() => supervisor.Find(endpoint.Program) is { } p ? work(p) : ControlOutcome.Refused("gone"), CallTimeout);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            report($"{endpoint.Directory.ServiceDirectory}: control request not carried out: {Model.ErrorText.Of(e)}");
        }
    }
}
