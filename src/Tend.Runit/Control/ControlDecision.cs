using Tend.Runit.Status;
using static Tend.Model.Signals;

namespace Tend.Runit.Control;

/// <summary>What the decision needs to know about the service a byte was written for.</summary>
/// <param name="State">The service's state, as its status file reports it.</param>
/// <param name="Want">Whether the service is wanted up or down.</param>
/// <param name="Pid">The running process (./run, or ./finish while finishing); 0 when none.</param>
/// <param name="IsLog">A <c>log/</c> service: hooks never run and 'x' is ignored.</param>
public readonly record struct ControlContext(RunState State, Want Want, int Pid, bool IsLog = false);

/// <summary>
/// runsv's answer to each control byte, as a pure function: (state, byte) → ordered steps.
/// Documented behaviour (runsv(8), CONTROL and CUSTOMIZE CONTROL) and its observed details:
/// <list type="bullet">
/// <item>Want changes are published before anything is signalled, so sv polling with -w sees
/// the new want at once.</item>
/// <item>Signals go only to a service in state run; during ./finish they are not sent.
/// p and c still set or clear the paused flag.</item>
/// <item>d, x and t in state run stop it: control/t or TERM (setting got TERM), then for want
/// down or exit, CONT and control/d or control/x (status ignored; never control/c).</item>
/// <item>o starts like u (its hook is control/u) but wants down.</item>
/// </list>
/// One runsv quirk is not copied: on 'k' runsv marks the service down before the kill has been
/// reaped, so a 'u' in between could start a second ./run. Here only a reaped exit changes the
/// state; a 'k' only sends the signal.
/// </summary>
public static class ControlDecision
{
    private static readonly ControlEffect.Publish Publish = new();

    /// <summary>The hook every start of ./run runs first: control/u, none for a log service.</summary>
    public static char? StartHook(bool isLog) => isLog ? null : 'u';

    public static IReadOnlyList<ControlEffect> Decide(ControlContext service, ControlCommand command)
    {
        var running = service.State == RunState.Run;
        char? Hook(char letter) => service.IsLog ? null : letter;
        IReadOnlyList<ControlEffect> SignalIfRunning(int number) =>
            running ? [new ControlEffect.Signal(number, Hook(command.Letter()))] : [];

        switch (command)
        {
            case ControlCommand.Up:
                return [new ControlEffect.SetWant(Want.Up), Publish,
                    .. service.State == RunState.Down ? [new ControlEffect.Start(StartHook(service.IsLog))] : Empty];
            case ControlCommand.Once:
                return [new ControlEffect.SetWant(Want.Down), Publish,
                    .. service.State == RunState.Down ? [new ControlEffect.Start(StartHook(service.IsLog))] : Empty];
            case ControlCommand.Down:
                return [new ControlEffect.SetWant(Want.Down), Publish, .. running ? Stop(service, Want.Down) : Empty];
            case ControlCommand.Exit:
                if (service.IsLog) return Empty;
                return [new ControlEffect.SetWant(Want.Exit), Publish, .. running ? Stop(service, Want.Exit) : Empty];
            case ControlCommand.Terminate:
                return running ? Stop(service, service.Want) : Empty;
            case ControlCommand.Pause:
                return [.. SignalIfRunning(SIGSTOP), new ControlEffect.SetPaused(true), Publish];
            case ControlCommand.Continue:
                return [.. SignalIfRunning(SIGCONT), new ControlEffect.SetPaused(false), Publish];
            case ControlCommand.Kill: return SignalIfRunning(SIGKILL);
            case ControlCommand.Hangup: return SignalIfRunning(SIGHUP);
            case ControlCommand.Alarm: return SignalIfRunning(SIGALRM);
            case ControlCommand.Interrupt: return SignalIfRunning(SIGINT);
            case ControlCommand.Quit: return SignalIfRunning(SIGQUIT);
            case ControlCommand.User1: return SignalIfRunning(SIGUSR1);
            case ControlCommand.User2: return SignalIfRunning(SIGUSR2);
            default:
                throw new ArgumentOutOfRangeException(nameof(command), command, "internal error: not a runit control byte");
        }
    }

    private static readonly IReadOnlyList<ControlEffect> Empty = [];

    /// <summary>
    /// runsv's stopservice: TERM (or control/t), then, when down or exit is wanted, CONT so a
    /// paused service can act on the TERM, and the down/exit hook.
    /// </summary>
    private static IReadOnlyList<ControlEffect> Stop(ControlContext service, Want want)
    {
        char? Hook(char letter) => service.IsLog ? null : letter;
        var steps = new List<ControlEffect>();
        if (service.Pid != 0) steps.Add(new ControlEffect.Terminate(Hook('t')));
        if (want is Want.Down or Want.Exit)
        {
            // runsv would signal pid 0 (its own group) here if it had no process; we do not.
            if (service.Pid != 0) steps.Add(new ControlEffect.Signal(SIGCONT, null));
            if (!service.IsLog) steps.Add(new ControlEffect.RunHook(want == Want.Down ? 'd' : 'x'));
        }
        return steps;
    }
}
